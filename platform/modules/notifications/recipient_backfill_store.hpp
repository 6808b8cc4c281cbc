// Converts what migration 0004_encrypted_contacts left in clear in this module's tables: each
// outbox message whose plain recipient is set gets it encrypted (and the address masked in its
// stored errors), each development SMS record gets the blind index of its number, and both lose
// the plain column. The server runs it at start-up, before the delivery worker starts.
//
//   const auto done = notifications::encrypt_plain_recipients(db, keys);
//   // done.outbox, done.dev_sms: rows converted by this call (0 once everything is)
//
// Idempotent, in batches of `batch_size` rows per transaction, and safe with several instances
// starting at once: a row is converted by a conditional UPDATE that matches only while its plain
// column is still set.
#pragma once

#include <memory>

namespace guildhall::db {
class Database;
}
namespace guildhall::privacy {
class KeyRing;
}

namespace guildhall::notifications {

struct RecipientBackfillCounts {
  long long outbox = 0;
  long long dev_sms = 0;
};

RecipientBackfillCounts encrypt_plain_recipients(
    db::Database& db, const std::shared_ptr<const privacy::KeyRing>& keys, int batch_size = 200);

}  // namespace guildhall::notifications
