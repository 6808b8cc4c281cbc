// The tenants table: the validated YAML of every loaded tenant, so that several server
// instances on one database serve the same configuration and a reload sees new files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace guildhall::db {
class Database;
}

namespace guildhall::tenants {

struct StoredTenant {
  std::string slug;
  std::string parent_slug;
  std::string realm_slug;
  std::string source_path;
  std::string config_yaml;
  std::string checksum;
  std::int64_t loaded_at = 0;
};

class TenantStore {
 public:
  explicit TenantStore(std::shared_ptr<db::Database> db) : db_(std::move(db)) {}

  // Inserts or replaces the tenants and bumps the generation, in one transaction.
  void save(const std::vector<StoredTenant>& tenants, std::int64_t now_ms);
  std::vector<StoredTenant> list() const;
  // Changes whenever save() changes anything; instances poll it to know when to reload.
  std::int64_t generation() const;

 private:
  std::shared_ptr<db::Database> db_;
};

}  // namespace guildhall::tenants
