#include "modules/notifications/inbox_store.hpp"

#include <soci/soci.h>

#include "modules/notifications/message_id.hpp"

namespace guildhall::notifications {

std::string InboxStore::deliver(soci::session& sql, const SiteMessage& message,
                                std::int64_t now_ms) const {
  const std::string id = message.id.empty() ? new_ulid(now_ms) : message.id;
  const long long now = now_ms;
  soci::indicator batch_indicator = message.batch_id.empty() ? soci::i_null : soci::i_ok;
  soci::indicator title_en_indicator = message.title_en.empty() ? soci::i_null : soci::i_ok;
  soci::indicator body_en_indicator = message.body_en.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO inbox_messages (id, account_id, tenant_slug, batch_id, title, body, "
         "title_en, body_en, read_at, created_at) VALUES (:id, :account, :tenant, :batch, "
         ":title, :body, :title_en, :body_en, NULL, :at)",
      soci::use(id), soci::use(message.account_id), soci::use(message.tenant_slug),
      soci::use(message.batch_id, batch_indicator), soci::use(message.title),
      soci::use(message.body), soci::use(message.title_en, title_en_indicator),
      soci::use(message.body_en, body_en_indicator), soci::use(now);
  return id;
}

std::vector<InboxItem> InboxStore::list(soci::session& sql, const std::string& account_id,
                                        int limit, int offset) const {
  std::vector<InboxItem> out;
  InboxItem row;
  long long read_at = 0;
  soci::indicator read_indicator = soci::i_null;
  long long created = 0;
  std::string title_en;
  std::string body_en;
  soci::indicator title_en_indicator = soci::i_null;
  soci::indicator body_en_indicator = soci::i_null;
  soci::statement st =
      (sql.prepare << "SELECT id, tenant_slug, title, body, title_en, body_en, read_at, "
                      "created_at FROM inbox_messages WHERE account_id = :account ORDER BY "
                      "created_at DESC, id DESC LIMIT :limit OFFSET :offset",
       soci::use(account_id), soci::use(limit), soci::use(offset), soci::into(row.id),
       soci::into(row.tenant_slug), soci::into(row.title), soci::into(row.body),
       soci::into(title_en, title_en_indicator), soci::into(body_en, body_en_indicator),
       soci::into(read_at, read_indicator), soci::into(created));
  st.execute();
  while (st.fetch()) {
    row.title_en = title_en_indicator == soci::i_ok ? title_en : "";
    row.body_en = body_en_indicator == soci::i_ok ? body_en : "";
    row.read = read_indicator == soci::i_ok;
    row.created_at_ms = created;
    out.push_back(row);
  }
  return out;
}

long long InboxStore::count(soci::session& sql, const std::string& account_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM inbox_messages WHERE account_id = :account", soci::use(account_id),
      soci::into(n);
  return n;
}

long long InboxStore::unread(soci::session& sql, const std::string& account_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM inbox_messages WHERE account_id = :account AND read_at IS NULL",
      soci::use(account_id), soci::into(n);
  return n;
}

bool InboxStore::mark_read(soci::session& sql, const std::string& account_id,
                           const std::string& message_id, std::int64_t now_ms) const {
  const long long now = now_ms;
  // COALESCE keeps the first read time; the row counts as found even when already read.
  soci::statement st =
      (sql.prepare << "UPDATE inbox_messages SET read_at = COALESCE(read_at, :now) WHERE id = :id "
                      "AND account_id = :account",
       soci::use(now), soci::use(message_id), soci::use(account_id));
  st.execute(true);
  if (st.get_affected_rows() > 0) {
    return true;
  }
  // MySQL counts changed rows only: an already-read message must still be found.
  long long found = 0;
  sql << "SELECT COUNT(*) FROM inbox_messages WHERE id = :id AND account_id = :account",
      soci::use(message_id), soci::use(account_id), soci::into(found);
  return found > 0;
}

void InboxStore::mark_all_read(soci::session& sql, const std::string& account_id,
                               std::int64_t now_ms) const {
  const long long now = now_ms;
  sql << "UPDATE inbox_messages SET read_at = :now WHERE account_id = :account AND read_at IS "
         "NULL",
      soci::use(now), soci::use(account_id);
}

}  // namespace guildhall::notifications
