#include "modules/notifications/messages_service.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "modules/notifications/message_id.hpp"
#include "privacy/masking.hpp"

namespace guildhall::notifications {

namespace {

std::size_t utf8_chars(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

int clamp_page(int page) {
  return std::max(1, page);
}
int clamp_page_size(int page_size) {
  return std::clamp(page_size, 1, 100);
}

}  // namespace

MessagesService::MessagesService(db::Database& db, const core::Clock& clock,
                                 const std::shared_ptr<const privacy::KeyRing>& keys)
    : db_(db), clock_(clock), outbox_(keys), recipients_(keys), deliveries_(db, keys) {}

InboxPage MessagesService::inbox(const std::string& account_id, int page, int page_size) {
  InboxPage out;
  out.page = clamp_page(page);
  out.page_size = clamp_page_size(page_size);
  db_.run([&](soci::session& sql) {
    out.items = inbox_.list(sql, account_id, out.page_size, (out.page - 1) * out.page_size);
    out.total = inbox_.count(sql, account_id);
    out.unread = inbox_.unread(sql, account_id);
  });
  return out;
}

long long MessagesService::unread_count(const std::string& account_id) {
  long long unread = 0;
  db_.run([&](soci::session& sql) { unread = inbox_.unread(sql, account_id); });
  return unread;
}

void MessagesService::mark_read(const std::string& account_id, const std::string& message_id) {
  bool found = false;
  const auto now = clock_.now_ms();
  db_.run([&](soci::session& sql) { found = inbox_.mark_read(sql, account_id, message_id, now); });
  if (!found) {
    throw core::AppError(core::ErrorKind::not_found, "message_not_found",
                         {"没有找到这条消息。", "The message was not found."});
  }
}

void MessagesService::mark_all_read(const std::string& account_id) {
  const auto now = clock_.now_ms();
  db_.run([&](soci::session& sql) { inbox_.mark_all_read(sql, account_id, now); });
}

AdminMessageReceipt MessagesService::send(const AdminMessage& message) {
  std::vector<core::FieldIssue> issues;
  if (blank(message.title)) {
    issues.push_back({"title", "required", {"请填写标题。", "Enter a title."}});
  } else if (utf8_chars(message.title) > kMaxTitleChars) {
    issues.push_back({"title",
                      "too_long",
                      {"标题不能超过 100 个字。", "The title must be at most 100 characters."}});
  }
  if (blank(message.body)) {
    issues.push_back({"body", "required", {"请填写内容。", "Enter the message."}});
  } else if (utf8_chars(message.body) > kMaxBodyChars) {
    issues.push_back(
        {"body",
         "too_long",
         {"内容不能超过 5000 个字。", "The message must be at most 5000 characters."}});
  }
  if (!message.site && !message.email && !message.sms) {
    issues.push_back(
        {"channels", "required", {"请至少选择一种发送方式。", "Choose at least one way to send."}});
  }
  if (message.account_ids && message.account_ids->empty()) {
    issues.push_back(
        {"recipients", "required", {"请选择收件人。", "Choose at least one recipient."}});
  } else if (message.account_ids && message.account_ids->size() > kMaxChosenAccounts) {
    issues.push_back({"recipients",
                      "too_many",
                      {"一次最多选择 1000 位收件人。", "Choose at most 1000 recipients at once."}});
  }
  if (!issues.empty()) {
    throw core::AppError(core::ErrorKind::validation, "validation_failed",
                         {"请检查填写的内容。", "Please check the form."})
        .with_fields(std::move(issues));
  }
  const auto now = clock_.now_ms();
  AdminMessageReceipt receipt;
  receipt.batch_id = new_ulid(now);
  db_.transaction([&](soci::session& tx) {
    receipt.recipients = receipt.emails = receipt.sms = 0;
    const auto recipients = recipients_.find(tx, message.tenant_scope, message.account_ids);
    for (const auto& r : recipients) {
      bool reached = false;
      if (message.site) {
        inbox_.deliver(tx,
                       {.id = "",
                        .account_id = r.account_id,
                        .tenant_slug = message.tenant_slug,
                        .batch_id = receipt.batch_id,
                        .title = message.title,
                        .body = message.body,
                        .title_en = "",
                        .body_en = ""},
                       now);
        reached = true;
      }
      const std::map<std::string, std::string> params{{"title", message.title},
                                                      {"body", message.body}};
      if (message.email && r.email) {
        outbox_.enqueue(tx,
                        {.id = receipt.batch_id + "-email-" + r.account_id,
                         .tenant_slug = message.tenant_slug,
                         .channel = Channel::email,
                         .recipient = *r.email,
                         .template_key = "admin_message",
                         .locale = message.locale,
                         .params = params,
                         .expires_at_ms = std::nullopt},
                        now);
        ++receipt.emails;
        reached = true;
      }
      if (message.sms && r.mobile) {
        outbox_.enqueue(tx,
                        {.id = receipt.batch_id + "-sms-" + r.account_id,
                         .tenant_slug = message.tenant_slug,
                         .channel = Channel::sms,
                         .recipient = *r.mobile,
                         .template_key = "admin_message",
                         .locale = message.locale,
                         .params = params,
                         .expires_at_ms = std::nullopt},
                        now);
        ++receipt.sms;
        reached = true;
      }
      receipt.recipients += reached ? 1 : 0;
    }
    if (message.account_ids && recipients.empty()) {
      throw core::AppError(core::ErrorKind::validation, "validation_failed",
                           {"请检查填写的内容。", "Please check the form."})
          .with_fields(
              {{"recipients",
                "unknown",
                {"所选账号不在本学会中。", "The chosen accounts are not in this society."}}});
    }
  });
  return receipt;
}

DeliveryLogPage MessagesService::deliveries(const DeliveryFilter& filter) {
  DeliveryFilter f = filter;
  f.page = clamp_page(f.page);
  f.page_size = clamp_page_size(f.page_size);
  const auto page = deliveries_.list(f);
  DeliveryLogPage out;
  out.total = page.total;
  out.page = f.page;
  out.page_size = f.page_size;
  for (const auto& d : page.items) {
    out.items.push_back({.id = d.id,
                         .channel = d.channel,
                         .recipient = d.channel == Channel::sms ? privacy::mask_mobile(d.recipient)
                                                                : privacy::mask_email(d.recipient),
                         .template_key = d.template_key,
                         .status = d.status == "sending" ? "queued" : d.status,
                         .attempts = d.attempts,
                         .last_error = d.last_error,
                         .created_at_ms = d.created_at_ms,
                         .sent_at_ms = d.sent_at_ms});
  }
  return out;
}

}  // namespace guildhall::notifications
