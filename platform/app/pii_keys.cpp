#include "app/pii_keys.hpp"

#include <stdexcept>
#include <string_view>

#include "privacy/key_ring.hpp"

namespace guildhall::app {

PiiKeys load_pii_keys(const ServerConfig& config, const char* encryption_keys,
                      const char* index_keys) {
  const bool has_encryption = encryption_keys != nullptr && *encryption_keys != '\0';
  const bool has_index = index_keys != nullptr && *index_keys != '\0';
  if (has_encryption != has_index) {
    throw std::invalid_argument(std::string("set both ") + kPiiEncryptionKeysVariable + " and " +
                                kPiiIndexKeysVariable + ", or neither to use the key file " +
                                config.effective_pii_key_file().string());
  }
  if (has_encryption) {
    if (!config.pii_key_file.empty()) {
      throw std::invalid_argument(std::string(kPiiEncryptionKeysVariable) + " and " +
                                  kPiiIndexKeysVariable + " are set and privacy.key_file names " +
                                  config.pii_key_file.string() + "; keep one source of keys");
    }
    return {std::make_shared<const privacy::KeyRing>(
                privacy::KeyRing::from_base64(encryption_keys, index_keys)),
            "the environment"};
  }
  const auto path = config.effective_pii_key_file();
  return {std::make_shared<const privacy::KeyRing>(privacy::KeyRing::load_or_create(path)),
          "key file " + path.string()};
}

}  // namespace guildhall::app
