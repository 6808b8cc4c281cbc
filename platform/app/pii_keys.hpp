// Where the data-protection keys (privacy::KeyRing) come from: both environment variables, for
// production with several instances that must share one ring, or else the key file, created with
// fresh keys on the first start (the embedded default). The composition root builds the ring
// once; every module that encrypts or indexes personal data shares it.
//
//   auto keys = load_pii_keys(config, std::getenv(kPiiEncryptionKeysVariable),
//                             std::getenv(kPiiIndexKeysVariable));
//   privacy::FieldCipher cipher(keys.ring);
#pragma once

#include <memory>
#include <string>

#include "app/server_config.hpp"

namespace guildhall::privacy {
class KeyRing;
}

namespace guildhall::app {

// Each holds one base64 key or a list "1:<base64>,2:<base64>" (privacy::KeyRing::from_base64).
inline constexpr const char* kPiiEncryptionKeysVariable = "GUILDHALL_PII_ENCRYPTION_KEYS";
inline constexpr const char* kPiiIndexKeysVariable = "GUILDHALL_PII_INDEX_KEYS";

struct PiiKeys {
  std::shared_ptr<const privacy::KeyRing> ring;
  std::string source;  // "the environment" or "key file <path>", for the start-up log
};

// `encryption_keys` and `index_keys` are the variables' values (null when unset). Throws
// std::invalid_argument when only one of them is set, or both are while privacy.key_file is
// configured too; core::AppError (privacy_errors.hpp) for an unusable key file or key.
PiiKeys load_pii_keys(const ServerConfig& config, const char* encryption_keys,
                      const char* index_keys);

}  // namespace guildhall::app
