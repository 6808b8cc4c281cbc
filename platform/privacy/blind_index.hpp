// Keyed digests of personal identifiers for uniqueness constraints and exact look-ups without
// storing the plaintext: HMAC-SHA256 under the ring's blind-index key of the normalised value,
// separated by purpose so the same ID number gives unrelated digests in unrelated columns.
//
//   BlindIndex index(keys);
//   row.id_number_index = index.of("accounts.id_number", ValueKind::id_number, raw);
//   // look-up, also correct halfway through a key rotation:
//   //   WHERE id_number_index IN (index.candidates("accounts.id_number", kind, raw)...)
//
// Output: `<key id>.<base64url(32-byte MAC)>`, ASCII, at most 54 characters (VARCHAR(64)).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace guildhall::privacy {

class KeyRing;

enum class ValueKind { id_number, mobile, email, exact };

class BlindIndex {
 public:
  explicit BlindIndex(std::shared_ptr<const KeyRing> keys);

  // The index under the active key: what a row stores. `raw` is normalised for its kind first.
  std::string of(std::string_view purpose, ValueKind kind, std::string_view raw) const;

  // The index under every blind-index key, active first, for look-ups while rows made with an
  // older key remain.
  std::vector<std::string> candidates(std::string_view purpose, ValueKind kind,
                                      std::string_view raw) const;

 private:
  std::shared_ptr<const KeyRing> keys_;
};

// The canonical form `of` digests.
std::string normalise(ValueKind kind, std::string_view raw);

}  // namespace guildhall::privacy
