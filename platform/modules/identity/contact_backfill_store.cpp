#include "modules/identity/contact_backfill_store.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/identity/contact_fields.hpp"
#include "privacy/blind_index.hpp"
#include "privacy/field_cipher.hpp"

namespace guildhall::identity {

namespace {

struct PlainAccount {
  std::string id;
  std::optional<std::string> mobile;
  std::optional<std::string> email;
};

constexpr const char* kPlainAccount =
    "(mobile IS NOT NULL OR email IS NOT NULL OR email_normalised IS NOT NULL)";

std::vector<PlainAccount> plain_accounts(soci::session& sql, int limit) {
  std::vector<PlainAccount> out;
  PlainAccount row;
  std::string mobile;
  std::string email;
  soci::indicator mobile_ind = soci::i_null;
  soci::indicator email_ind = soci::i_null;
  soci::statement st =
      (sql.prepare << std::string("SELECT id, mobile, email FROM accounts WHERE ") + kPlainAccount +
                          " ORDER BY id LIMIT :n",
       soci::use(limit), soci::into(row.id), soci::into(mobile, mobile_ind),
       soci::into(email, email_ind));
  st.execute();
  while (st.fetch()) {
    row.mobile = mobile_ind == soci::i_ok ? std::optional(mobile) : std::nullopt;
    row.email = email_ind == soci::i_ok ? std::optional(email) : std::nullopt;
    out.push_back(row);
  }
  return out;
}

long long convert_accounts(soci::session& tx, const std::vector<PlainAccount>& rows,
                           const privacy::FieldCipher& cipher, const privacy::BlindIndex& index) {
  long long converted = 0;
  for (const auto& row : rows) {
    // A NULL plain value leaves the cipher and index columns as they are (COALESCE).
    std::string mobile_cipher;
    std::string mobile_index;
    soci::indicator mobile_ind = soci::i_null;
    if (row.mobile) {
      mobile_cipher = cipher.encrypt(*row.mobile, kAccountMobileField, row.id);
      mobile_index = index.of(kAccountMobileField, privacy::ValueKind::mobile, *row.mobile);
      mobile_ind = soci::i_ok;
    }
    soci::indicator mobile_index_ind = mobile_ind;
    std::string email_cipher;
    std::string email_index;
    soci::indicator email_ind = soci::i_null;
    if (row.email) {
      email_cipher = cipher.encrypt(*row.email, kAccountEmailField, row.id);
      email_index = index.of(kAccountEmailField, privacy::ValueKind::email, *row.email);
      email_ind = soci::i_ok;
    }
    soci::indicator email_index_ind = email_ind;
    soci::statement st =
        (tx.prepare << std::string(
                           "UPDATE accounts SET mobile_cipher = COALESCE(:mc, mobile_cipher), "
                           "mobile_index = COALESCE(:mi, mobile_index), "
                           "email_cipher = COALESCE(:ec, email_cipher), "
                           "email_index = COALESCE(:ei, email_index), mobile = NULL, "
                           "email = NULL, email_normalised = NULL WHERE id = :id AND ") +
                           kPlainAccount,
         soci::use(mobile_cipher, mobile_ind), soci::use(mobile_index, mobile_index_ind),
         soci::use(email_cipher, email_ind), soci::use(email_index, email_index_ind),
         soci::use(row.id));
    st.execute(true);
    converted += st.get_affected_rows();
  }
  return converted;
}

struct PlainCode {
  std::string id;
  std::string mobile;
};

std::vector<PlainCode> plain_codes(soci::session& sql, int limit) {
  std::vector<PlainCode> out;
  PlainCode row;
  soci::statement st = (sql.prepare << "SELECT id, mobile FROM sms_codes WHERE mobile IS NOT NULL "
                                       "ORDER BY id LIMIT :n",
                        soci::use(limit), soci::into(row.id), soci::into(row.mobile));
  st.execute();
  while (st.fetch()) {
    out.push_back(row);
  }
  return out;
}

long long convert_codes(soci::session& tx, const std::vector<PlainCode>& rows,
                        const privacy::BlindIndex& index) {
  long long converted = 0;
  for (const auto& row : rows) {
    const std::string mobile_index =
        index.of(kSmsCodeMobileField, privacy::ValueKind::mobile, row.mobile);
    soci::statement st = (tx.prepare << "UPDATE sms_codes SET mobile_index = :i, mobile = NULL "
                                        "WHERE id = :id AND mobile IS NOT NULL",
                          soci::use(mobile_index), soci::use(row.id));
    st.execute(true);
    converted += st.get_affected_rows();
  }
  return converted;
}

}  // namespace

ContactBackfillCounts encrypt_plain_contacts(db::Database& db,
                                             const std::shared_ptr<const privacy::KeyRing>& keys,
                                             int batch_size) {
  const privacy::FieldCipher cipher(keys);
  const privacy::BlindIndex index(keys);
  ContactBackfillCounts counts;
  // Each round ends when a read finds nothing left: rows another instance converted in the
  // meantime are no longer selected, so the loop cannot spin on them.
  for (;;) {
    std::vector<PlainAccount> rows;
    db.run([&](soci::session& sql) { rows = plain_accounts(sql, batch_size); });
    if (rows.empty()) {
      break;
    }
    long long converted = 0;
    db.transaction(
        [&](soci::session& tx) { converted = convert_accounts(tx, rows, cipher, index); });
    counts.accounts += converted;
  }
  for (;;) {
    std::vector<PlainCode> rows;
    db.run([&](soci::session& sql) { rows = plain_codes(sql, batch_size); });
    if (rows.empty()) {
      break;
    }
    long long converted = 0;
    db.transaction([&](soci::session& tx) { converted = convert_codes(tx, rows, index); });
    counts.sms_codes += converted;
  }
  return counts;
}

}  // namespace guildhall::identity
