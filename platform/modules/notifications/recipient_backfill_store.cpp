#include "modules/notifications/recipient_backfill_store.hpp"

#include <soci/soci.h>

#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/notifications/dev_sms_store.hpp"
#include "modules/notifications/outbox.hpp"
#include "privacy/blind_index.hpp"
#include "privacy/field_cipher.hpp"
#include "privacy/masking.hpp"

namespace guildhall::notifications {

namespace {

struct PlainMessage {
  std::string id;
  std::string channel;
  std::string recipient;
};

std::vector<PlainMessage> plain_messages(soci::session& sql, int limit) {
  std::vector<PlainMessage> out;
  PlainMessage row;
  soci::statement st =
      (sql.prepare << "SELECT id, channel, recipient FROM outbox_messages WHERE recipient IS NOT "
                      "NULL ORDER BY id LIMIT :n",
       soci::use(limit), soci::into(row.id), soci::into(row.channel), soci::into(row.recipient));
  st.execute();
  while (st.fetch()) {
    out.push_back(row);
  }
  return out;
}

long long convert_messages(soci::session& tx, const std::vector<PlainMessage>& rows,
                           const privacy::FieldCipher& cipher) {
  long long converted = 0;
  for (const auto& row : rows) {
    const std::string stored = cipher.encrypt(row.recipient, kRecipientField, row.id);
    const std::string masked = row.channel == "sms" ? privacy::mask_mobile(row.recipient)
                                                    : privacy::mask_email(row.recipient);
    soci::statement st =
        (tx.prepare << "UPDATE outbox_messages SET recipient_cipher = :c, recipient = NULL, "
                       "last_error = REPLACE(last_error, :plain, :masked) WHERE id = :id AND "
                       "recipient IS NOT NULL",
         soci::use(stored), soci::use(row.recipient), soci::use(masked), soci::use(row.id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      continue;  // another instance converted it
    }
    ++converted;
    tx << "UPDATE outbox_attempts SET error = REPLACE(error, :plain, :masked) WHERE "
          "message_id = :id AND error IS NOT NULL",
        soci::use(row.recipient), soci::use(masked), soci::use(row.id);
  }
  return converted;
}

struct PlainDevSms {
  long long id = 0;
  std::string mobile;
};

std::vector<PlainDevSms> plain_dev_sms(soci::session& sql, int limit) {
  std::vector<PlainDevSms> out;
  PlainDevSms row;
  soci::statement st = (sql.prepare << "SELECT id, mobile FROM dev_sms_messages WHERE mobile IS "
                                       "NOT NULL ORDER BY id LIMIT :n",
                        soci::use(limit), soci::into(row.id), soci::into(row.mobile));
  st.execute();
  while (st.fetch()) {
    out.push_back(row);
  }
  return out;
}

long long convert_dev_sms(soci::session& tx, const std::vector<PlainDevSms>& rows,
                          const privacy::BlindIndex& index) {
  long long converted = 0;
  for (const auto& row : rows) {
    const std::string mobile_index =
        index.of(kDevSmsMobileField, privacy::ValueKind::mobile, row.mobile);
    soci::statement st = (tx.prepare << "UPDATE dev_sms_messages SET mobile_index = :i, "
                                        "mobile = NULL WHERE id = :id AND mobile IS NOT NULL",
                          soci::use(mobile_index), soci::use(row.id));
    st.execute(true);
    converted += st.get_affected_rows();
  }
  return converted;
}

}  // namespace

RecipientBackfillCounts encrypt_plain_recipients(
    db::Database& db, const std::shared_ptr<const privacy::KeyRing>& keys, int batch_size) {
  const privacy::FieldCipher cipher(keys);
  const privacy::BlindIndex index(keys);
  RecipientBackfillCounts counts;
  // Each loop ends when a read finds nothing left; rows another instance converted meanwhile are
  // no longer selected.
  for (;;) {
    std::vector<PlainMessage> rows;
    db.run([&](soci::session& sql) { rows = plain_messages(sql, batch_size); });
    if (rows.empty()) {
      break;
    }
    long long converted = 0;
    db.transaction([&](soci::session& tx) { converted = convert_messages(tx, rows, cipher); });
    counts.outbox += converted;
  }
  for (;;) {
    std::vector<PlainDevSms> rows;
    db.run([&](soci::session& sql) { rows = plain_dev_sms(sql, batch_size); });
    if (rows.empty()) {
      break;
    }
    long long converted = 0;
    db.transaction([&](soci::session& tx) { converted = convert_dev_sms(tx, rows, index); });
    counts.dev_sms += converted;
  }
  return counts;
}

}  // namespace guildhall::notifications
