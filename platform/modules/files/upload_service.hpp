// Uploaded photos and scans: checked and cleaned (platform/uploads), stored encrypted in a blob
// store, recorded per tenant, account, form and field, and given back only to those allowed to
// see them — the uploader, and the reviewers and admins of the tenant it was uploaded to. Anyone
// else gets the same 404 as for an id that does not exist, so ids leak nothing.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "modules/files/upload_store.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::identity {
struct Principal;
}
namespace guildhall::tenancy {
struct Tenant;
class TenantRegistry;
}  // namespace guildhall::tenancy
namespace guildhall::uploads {
class BlobStore;
}

namespace guildhall::files {

struct NewUpload {
  std::string form_key;
  std::string field_key;
  std::string file_name;
  std::string content_type;
};

struct StoredFile {
  UploadRecord record;
  std::vector<unsigned char> bytes;
  std::string content_type;
};

class UploadService {
 public:
  // `may_review(principal, tenant)`: whether the account reviews or administers that tenant.
  using ReviewerCheck = std::function<bool(const identity::Principal&, const tenancy::Tenant&)>;

  UploadService(db::Database& database, const tenancy::TenantRegistry& registry,
                std::shared_ptr<uploads::BlobStore> blobs, const core::Clock& clock,
                ReviewerCheck may_review);

  // The largest file the upload field `field` of form `form` (as tenant `tenant` uses it) takes,
  // in bytes; 0 when there is no such upload field.
  std::uint64_t max_bytes(std::string_view tenant, std::string_view form,
                          std::string_view field) const;

  UploadRecord store(const tenancy::Tenant& tenant, const identity::Principal& who,
                     const NewUpload& upload, std::string_view body) const;

  // not_found unless `who` may see it through `tenant`.
  StoredFile fetch(const tenancy::Tenant& tenant, const identity::Principal& who,
                   const std::string& id) const;

  // The upload if `account_id` uploaded it, for documents the platform renders on the account's
  // behalf (the photo on a certificate); nullopt otherwise.
  std::optional<StoredFile> of_account(const std::string& account_id, const std::string& id) const;

  // Whether `upload_id` was uploaded by `account` for that form field (form references).
  bool belongs(std::string_view account, std::string_view upload_id, std::string_view form,
               std::string_view field) const;

 private:
  StoredFile read(UploadRecord record) const;

  db::Database& database_;
  const tenancy::TenantRegistry& registry_;
  std::shared_ptr<uploads::BlobStore> blobs_;
  const core::Clock& clock_;
  ReviewerCheck may_review_;
  UploadStore store_;
};

}  // namespace guildhall::files
