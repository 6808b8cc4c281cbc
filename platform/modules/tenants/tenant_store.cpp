#include "modules/tenants/tenant_store.hpp"

#include <soci/soci.h>

#include "db/database.hpp"

namespace guildhall::tenants {

namespace {
// Bound by reference in statements, so it must outlive them: no temporaries.
const std::string kGenerationKey = "tenants.generation";
}  // namespace

void TenantStore::save(const std::vector<StoredTenant>& tenants, std::int64_t now_ms) {
  db_->transaction([&](soci::session& sql) {
    for (const auto& t : tenants) {
      long long existing = 0;
      sql << "SELECT COUNT(*) FROM tenants WHERE slug = :slug", soci::use(t.slug),
          soci::into(existing);
      soci::indicator parent_ind = t.parent_slug.empty() ? soci::i_null : soci::i_ok;
      const long long loaded_at = now_ms;
      if (existing == 0) {
        sql << "INSERT INTO tenants (slug, parent_slug, realm_slug, source_path, config_yaml, "
               "checksum, loaded_at) VALUES (:slug, :parent, :realm, :path, :yaml, :sum, :at)",
            soci::use(t.slug), soci::use(t.parent_slug, parent_ind), soci::use(t.realm_slug),
            soci::use(t.source_path), soci::use(t.config_yaml), soci::use(t.checksum),
            soci::use(loaded_at);
      } else {
        sql << "UPDATE tenants SET parent_slug = :parent, realm_slug = :realm, source_path = "
               ":path, config_yaml = :yaml, checksum = :sum, loaded_at = :at WHERE slug = :slug",
            soci::use(t.parent_slug, parent_ind), soci::use(t.realm_slug), soci::use(t.source_path),
            soci::use(t.config_yaml), soci::use(t.checksum), soci::use(loaded_at),
            soci::use(t.slug);
      }
    }
    long long generation = 0;
    soci::indicator ind = soci::i_null;
    std::string value;
    sql << "SELECT value FROM platform_settings WHERE name = :n", soci::use(kGenerationKey),
        soci::into(value, ind);
    const long long at = now_ms;
    if (sql.got_data() && ind == soci::i_ok) {
      generation = std::stoll(value) + 1;
      const std::string next = std::to_string(generation);
      sql << "UPDATE platform_settings SET value = :v, updated_at = :t WHERE name = :n",
          soci::use(next), soci::use(at), soci::use(kGenerationKey);
    } else {
      const std::string first = "1";
      sql << "INSERT INTO platform_settings (name, value, updated_at) VALUES (:n, :v, :t)",
          soci::use(kGenerationKey), soci::use(first), soci::use(at);
    }
  });
}

std::vector<StoredTenant> TenantStore::list() const {
  std::vector<StoredTenant> out;
  db_->run([&](soci::session& sql) {
    out.clear();
    StoredTenant t;
    soci::indicator parent_ind = soci::i_null;
    long long loaded_at = 0;
    soci::statement st =
        (sql.prepare << "SELECT slug, parent_slug, realm_slug, source_path, "
                        "config_yaml, checksum, loaded_at FROM tenants ORDER BY slug",
         soci::into(t.slug), soci::into(t.parent_slug, parent_ind), soci::into(t.realm_slug),
         soci::into(t.source_path), soci::into(t.config_yaml), soci::into(t.checksum),
         soci::into(loaded_at));
    st.execute();
    while (st.fetch()) {
      StoredTenant row = t;
      if (parent_ind != soci::i_ok) {
        row.parent_slug.clear();
      }
      row.loaded_at = loaded_at;
      out.push_back(std::move(row));
    }
  });
  return out;
}

std::int64_t TenantStore::generation() const {
  std::string value;
  db_->run([&](soci::session& sql) {
    soci::indicator ind = soci::i_null;
    value.clear();
    sql << "SELECT value FROM platform_settings WHERE name = :n", soci::use(kGenerationKey),
        soci::into(value, ind);
    if (!sql.got_data() || ind != soci::i_ok) {
      value = "0";
    }
  });
  return std::stoll(value);
}

}  // namespace guildhall::tenants
