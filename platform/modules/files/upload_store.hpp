// SQL for the uploads table: what access checks, listings and form references need to know about
// a stored file. The bytes are in the blob store, never here.
#pragma once

#include <optional>
#include <string>

namespace soci {
class session;
}

namespace guildhall::files {

struct UploadRecord {
  std::string id;
  std::string tenant;
  std::string realm;
  std::string account_id;
  std::string form_key;
  std::string field_key;
  std::string file_name;
  std::string file_type;  // "jpg", "png", "pdf"
  long long size = 0;
  std::optional<int> width;
  std::optional<int> height;
  std::string storage_key;
  long long created_at = 0;
};

class UploadStore {
 public:
  void insert(soci::session& tx, const UploadRecord& record) const;
  std::optional<UploadRecord> find(soci::session& sql, const std::string& id) const;
};

}  // namespace guildhall::files
