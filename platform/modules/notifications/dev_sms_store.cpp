#include "modules/notifications/dev_sms_store.hpp"

#include <soci/soci.h>

#include "db/database.hpp"

namespace guildhall::notifications {

void DevSmsStore::record(const DevSms& sms) {
  const long long created = sms.created_at_ms;
  std::string code = sms.code.value_or("");
  soci::indicator code_indicator = sms.code ? soci::i_ok : soci::i_null;
  const std::string mobile_index =
      index_.of(kDevSmsMobileField, privacy::ValueKind::mobile, sms.mobile);
  db_.run([&](soci::session& sql) {
    const bool mysql = sql.get_backend_name() == "mysql";
    sql << std::string(
               "INSERT INTO dev_sms_messages (message_id, tenant_slug, mobile_index, text, "
               "code, created_at) VALUES (:id, :tenant, :mobile, :text, :code, :at)") +
               (mysql ? " ON DUPLICATE KEY UPDATE message_id = message_id"
                      : " ON CONFLICT (message_id) DO NOTHING"),
        soci::use(sms.message_id), soci::use(sms.tenant_slug), soci::use(mobile_index),
        soci::use(sms.text), soci::use(code, code_indicator), soci::use(created);
  });
}

std::vector<DevSms> DevSmsStore::for_mobile(const std::string& mobile, int limit) {
  const auto candidates = index_.candidates(kDevSmsMobileField, privacy::ValueKind::mobile, mobile);
  std::string in;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    in += (i == 0 ? ":m" : ", :m") + std::to_string(i);
  }
  std::vector<DevSms> out;
  db_.run([&](soci::session& sql) {
    out.clear();
    DevSms row;
    row.mobile = mobile;
    std::string code;
    soci::indicator code_indicator = soci::i_null;
    long long created = 0;
    soci::statement st(sql);
    st.exchange(soci::into(row.message_id));
    st.exchange(soci::into(row.tenant_slug));
    st.exchange(soci::into(row.text));
    st.exchange(soci::into(code, code_indicator));
    st.exchange(soci::into(created));
    for (const auto& candidate : candidates) {
      st.exchange(soci::use(candidate));
    }
    st.exchange(soci::use(limit));
    st.alloc();
    st.prepare(
        "SELECT message_id, tenant_slug, text, code, created_at FROM dev_sms_messages "
        "WHERE mobile_index IN (" +
        in + ") ORDER BY created_at DESC, id DESC LIMIT :limit");
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      row.code = code_indicator == soci::i_ok ? std::optional<std::string>(code) : std::nullopt;
      row.created_at_ms = created;
      out.push_back(row);
    }
  });
  return out;
}

}  // namespace guildhall::notifications
