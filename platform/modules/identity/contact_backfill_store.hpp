// Converts the contact data that migration 0004_encrypted_contacts left in clear: every account
// row whose plain mobile or e-mail column is set gets its cipher text and blind index and loses
// the plain values, and every SMS code row its index. The server runs it at start-up, before it
// serves, so that look-ups by blind index find every row.
//
//   const auto done = identity::encrypt_plain_contacts(db, keys);
//   // done.accounts, done.sms_codes: rows converted by this call (0 once everything is)
//
// Idempotent, in batches of `batch_size` rows per transaction, and safe with several instances
// starting at once on one database: each row is converted by a conditional UPDATE that matches
// only while its plain column is still set, so one instance converts it and the others skip it.
#pragma once

#include <memory>

namespace guildhall::db {
class Database;
}
namespace guildhall::privacy {
class KeyRing;
}

namespace guildhall::identity {

struct ContactBackfillCounts {
  long long accounts = 0;
  long long sms_codes = 0;
};

ContactBackfillCounts encrypt_plain_contacts(db::Database& db,
                                             const std::shared_ptr<const privacy::KeyRing>& keys,
                                             int batch_size = 200);

}  // namespace guildhall::identity
