#include "modules/notifications/delivery_store.hpp"

#include <soci/soci.h>

#include <stdexcept>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "modules/notifications/outbox_codec.hpp"
#include "privacy/masking.hpp"

namespace guildhall::notifications {

namespace {

// A claimable row: queued and due, or claimed by a worker whose lease has run out.
constexpr const char* kClaimable =
    "((status = 'queued' AND next_attempt_at <= :now1) OR "
    "(status = 'sending' AND claim_expires_at < :now2))";

std::string clip(const std::string& text, std::size_t max) {
  if (text.size() <= max) {
    return text;
  }
  std::size_t end = max;
  // Cut between UTF-8 characters, never inside one (MySQL refuses broken UTF-8).
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

// Carriers sometimes quote the address they refused; the log keeps only its masked form.
std::string without_recipient(std::string text, const ClaimedMessage& m) {
  if (m.recipient.empty()) {
    return text;
  }
  const std::string masked = m.channel == Channel::sms ? privacy::mask_mobile(m.recipient)
                                                       : privacy::mask_email(m.recipient);
  for (auto at = text.find(m.recipient); at != std::string::npos;
       at = text.find(m.recipient, at + masked.size())) {
    text.replace(at, m.recipient.size(), masked);
  }
  return text;
}

}  // namespace

std::string DeliveryStore::recipient_of(const std::string& stored,
                                        const std::string& message_id) const {
  try {
    return cipher_.decrypt(stored, kRecipientField, message_id);
  } catch (const core::AppError&) {
    return {};
  }
}

int DeliveryStore::drop_expired(std::int64_t now_ms) {
  const long long now = now_ms;
  int dropped = 0;
  db_.run([&](soci::session& sql) {
    soci::statement st =
        (sql.prepare << "UPDATE outbox_messages SET status = 'dropped', last_error = 'expired "
                        "before it could be sent', claimed_by = NULL, claim_expires_at = NULL "
                        "WHERE status = 'queued' AND expires_at IS NOT NULL AND expires_at <= :now",
         soci::use(now));
    st.execute(true);
    dropped = static_cast<int>(st.get_affected_rows());
  });
  return dropped;
}

std::vector<ClaimedMessage> DeliveryStore::claim_due(const std::string& worker, std::int64_t now_ms,
                                                     std::int64_t lease_ms, int limit,
                                                     const std::vector<Channel>& channels) {
  if (channels.empty()) {
    return {};
  }
  // Fixed words only: the channel names come from channel_name().
  std::string channel_list;
  for (const Channel c : channels) {
    channel_list += (channel_list.empty() ? "'" : ", '") + std::string(channel_name(c)) + "'";
  }
  const long long now = now_ms;
  const long long until = now_ms + lease_ms;
  std::vector<std::string> candidates;
  db_.run([&](soci::session& sql) {
    candidates.clear();
    std::string id;
    soci::statement st = (sql.prepare << std::string("SELECT id FROM outbox_messages WHERE ") +
                                             kClaimable + " AND channel IN (" + channel_list +
                                             ") ORDER BY next_attempt_at, id LIMIT :limit",
                          soci::use(now), soci::use(now), soci::use(limit), soci::into(id));
    st.execute();
    while (st.fetch()) {
      candidates.push_back(id);
    }
  });
  std::vector<ClaimedMessage> claimed;
  for (const auto& candidate : candidates) {
    long long affected = 0;
    db_.run([&](soci::session& sql) {
      soci::statement st =
          (sql.prepare << std::string("UPDATE outbox_messages SET status = 'sending', "
                                      "claimed_by = :worker, claim_expires_at = :until, "
                                      "attempts = attempts + 1 WHERE id = :id AND ") +
                              kClaimable,
           soci::use(worker), soci::use(until), soci::use(candidate), soci::use(now),
           soci::use(now));
      st.execute(true);
      affected = st.get_affected_rows();
    });
    if (affected != 1) {
      continue;  // another worker was faster
    }
    db_.run([&](soci::session& sql) {
      ClaimedMessage m;
      std::string channel;
      std::string params;
      std::string claimed_by;
      long long expires = 0;
      int attempts = 0;
      soci::indicator expires_indicator = soci::i_null;
      std::string recipient;
      soci::indicator recipient_indicator = soci::i_null;
      sql << "SELECT id, tenant_slug, channel, recipient_cipher, template_key, locale, "
             "params_json, expires_at, attempts, claimed_by FROM outbox_messages WHERE id = :id",
          soci::use(candidate), soci::into(m.id), soci::into(m.tenant_slug), soci::into(channel),
          soci::into(recipient, recipient_indicator), soci::into(m.template_key),
          soci::into(m.locale), soci::into(params), soci::into(expires, expires_indicator),
          soci::into(attempts), soci::into(claimed_by);
      if (!sql.got_data() || claimed_by != worker) {
        return;
      }
      if (recipient_indicator == soci::i_ok) {
        m.recipient = recipient_of(recipient, m.id);
      }
      m.recipient_valid = !m.recipient.empty();
      m.channel = parse_channel(channel).value_or(Channel::email);
      if (expires_indicator == soci::i_ok) {
        m.expires_at_ms = expires;
      }
      m.attempt = attempts;
      try {
        m.params = params_from_json(params);
      } catch (const std::invalid_argument&) {
        m.params_valid = false;
      }
      claimed.push_back(std::move(m));
    });
  }
  return claimed;
}

bool DeliveryStore::finish(const ClaimedMessage& m, const std::string& worker, std::int64_t now_ms,
                           const std::string& status, const std::string& outcome,
                           std::optional<std::int64_t> next_attempt_at_ms, const std::string& error,
                           bool record_attempt) {
  const long long now = now_ms;
  const std::string error_text = clip(without_recipient(error, m), 1000);
  soci::indicator error_indicator = error.empty() ? soci::i_null : soci::i_ok;
  long long sent_at = now_ms;
  soci::indicator sent_indicator = status == "sent" ? soci::i_ok : soci::i_null;
  bool won = false;
  db_.transaction([&](soci::session& sql) {
    // next_attempt_at keeps its value unless a retry moves it.
    long long next = next_attempt_at_ms.value_or(0);
    soci::indicator next_indicator = next_attempt_at_ms ? soci::i_ok : soci::i_null;
    soci::statement st =
        (sql.prepare << "UPDATE outbox_messages SET status = :status, claimed_by = NULL, "
                        "claim_expires_at = NULL, last_error = :error, sent_at = :sent, "
                        "next_attempt_at = COALESCE(:next, next_attempt_at) "
                        "WHERE id = :id AND status = 'sending' AND claimed_by = :worker",
         soci::use(status), soci::use(error_text, error_indicator),
         soci::use(sent_at, sent_indicator), soci::use(next, next_indicator), soci::use(m.id),
         soci::use(worker));
    st.execute(true);
    won = st.get_affected_rows() == 1;
    if (record_attempt) {
      // The attempt happened whether or not this worker still held the claim.
      sql << "INSERT INTO outbox_attempts (message_id, attempt, worker, outcome, error, "
             "attempted_at) VALUES (:id, :attempt, :worker, :outcome, :error, :at)",
          soci::use(m.id), soci::use(m.attempt), soci::use(worker), soci::use(outcome),
          soci::use(error_text, error_indicator), soci::use(now);
    }
  });
  return won;
}

bool DeliveryStore::mark_sent(const ClaimedMessage& m, const std::string& worker,
                              std::int64_t now_ms) {
  return finish(m, worker, now_ms, "sent", "sent", std::nullopt, "", true);
}

bool DeliveryStore::mark_retry(const ClaimedMessage& m, const std::string& worker,
                               std::int64_t now_ms, std::int64_t next_attempt_at_ms,
                               const std::string& error) {
  return finish(m, worker, now_ms, "queued", "retry", next_attempt_at_ms, error, true);
}

bool DeliveryStore::mark_failed(const ClaimedMessage& m, const std::string& worker,
                                std::int64_t now_ms, const std::string& error) {
  return finish(m, worker, now_ms, "failed", "failed", std::nullopt, error, true);
}

bool DeliveryStore::mark_dropped(const ClaimedMessage& m, const std::string& worker,
                                 std::int64_t now_ms, const std::string& reason) {
  return finish(m, worker, now_ms, "dropped", "dropped", std::nullopt, reason, false);
}

DeliveryPage DeliveryStore::list(const DeliveryFilter& filter) {
  // Built from fixed fragments only; every value is bound.
  std::string where = " WHERE 1 = 1";
  std::vector<std::string> values;
  if (!filter.tenant_slugs.empty()) {
    where += " AND tenant_slug IN (";
    for (std::size_t i = 0; i < filter.tenant_slugs.size(); ++i) {
      where += (i == 0 ? ":t" : ", :t") + std::to_string(i);
      values.push_back(filter.tenant_slugs[i]);
    }
    where += ")";
  }
  if (filter.status) {
    if (*filter.status == "queued") {
      where += " AND status IN ('queued', 'sending')";
    } else {
      where += " AND status = :status";
      values.push_back(*filter.status);
    }
  }
  if (filter.channel) {
    where += " AND channel = :channel";
    values.emplace_back(channel_name(*filter.channel));
  }
  const int page_size = std::max(1, std::min(filter.page_size, 100));
  const int offset = (std::max(1, filter.page) - 1) * page_size;
  DeliveryPage page;
  db_.run([&](soci::session& sql) {
    page = {};
    {
      soci::statement st(sql);
      st.exchange(soci::into(page.total));
      for (const auto& v : values) {
        st.exchange(soci::use(v));
      }
      st.alloc();
      st.prepare("SELECT COUNT(*) FROM outbox_messages" + where);
      st.define_and_bind();
      st.execute(true);
    }
    DeliveryRecord row;
    std::string channel;
    std::string recipient;
    soci::indicator recipient_indicator = soci::i_null;
    std::string error;
    soci::indicator error_indicator = soci::i_null;
    long long created = 0;
    long long sent = 0;
    soci::indicator sent_indicator = soci::i_null;
    soci::statement st(sql);
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.tenant_slug));
    st.exchange(soci::into(channel));
    st.exchange(soci::into(recipient, recipient_indicator));
    st.exchange(soci::into(row.template_key));
    st.exchange(soci::into(row.status));
    st.exchange(soci::into(row.attempts));
    st.exchange(soci::into(error, error_indicator));
    st.exchange(soci::into(created));
    st.exchange(soci::into(sent, sent_indicator));
    for (const auto& v : values) {
      st.exchange(soci::use(v));
    }
    st.exchange(soci::use(page_size));
    st.exchange(soci::use(offset));
    st.alloc();
    st.prepare(
        "SELECT id, tenant_slug, channel, recipient_cipher, template_key, status, attempts, "
        "last_error, created_at, sent_at FROM outbox_messages" +
        where + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset");
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      row.channel = parse_channel(channel).value_or(Channel::email);
      row.recipient = recipient_indicator == soci::i_ok ? recipient_of(recipient, row.id) : "";
      row.last_error = error_indicator == soci::i_ok ? std::optional(error) : std::nullopt;
      row.created_at_ms = created;
      row.sent_at_ms =
          sent_indicator == soci::i_ok ? std::optional<std::int64_t>(sent) : std::nullopt;
      page.items.push_back(row);
    }
  });
  return page;
}

std::optional<DeliveryRecord> DeliveryStore::find(const std::string& message_id) {
  std::optional<DeliveryRecord> out;
  db_.run([&](soci::session& sql) {
    DeliveryRecord row;
    std::string channel;
    std::string recipient;
    soci::indicator recipient_indicator = soci::i_null;
    std::string error;
    soci::indicator error_indicator = soci::i_null;
    long long created = 0;
    long long sent = 0;
    soci::indicator sent_indicator = soci::i_null;
    sql << "SELECT id, tenant_slug, channel, recipient_cipher, template_key, status, attempts, "
           "last_error, created_at, sent_at FROM outbox_messages WHERE id = :id",
        soci::use(message_id), soci::into(row.id), soci::into(row.tenant_slug), soci::into(channel),
        soci::into(recipient, recipient_indicator), soci::into(row.template_key),
        soci::into(row.status), soci::into(row.attempts), soci::into(error, error_indicator),
        soci::into(created), soci::into(sent, sent_indicator);
    if (!sql.got_data()) {
      out.reset();
      return;
    }
    row.channel = parse_channel(channel).value_or(Channel::email);
    row.recipient = recipient_indicator == soci::i_ok ? recipient_of(recipient, row.id) : "";
    row.last_error = error_indicator == soci::i_ok ? std::optional(error) : std::nullopt;
    row.created_at_ms = created;
    row.sent_at_ms =
        sent_indicator == soci::i_ok ? std::optional<std::int64_t>(sent) : std::nullopt;
    out = row;
  });
  return out;
}

std::vector<AttemptRecord> DeliveryStore::attempts(const std::string& message_id) {
  std::vector<AttemptRecord> out;
  db_.run([&](soci::session& sql) {
    out.clear();
    AttemptRecord row;
    std::string error;
    soci::indicator error_indicator = soci::i_null;
    long long at = 0;
    soci::statement st =
        (sql.prepare << "SELECT attempt, worker, outcome, error, attempted_at FROM "
                        "outbox_attempts WHERE message_id = :id ORDER BY id",
         soci::use(message_id), soci::into(row.attempt), soci::into(row.worker),
         soci::into(row.outcome), soci::into(error, error_indicator), soci::into(at));
    st.execute();
    while (st.fetch()) {
      row.error = error_indicator == soci::i_ok ? std::optional(error) : std::nullopt;
      row.attempted_at_ms = at;
      out.push_back(row);
    }
  });
  return out;
}

}  // namespace guildhall::notifications
