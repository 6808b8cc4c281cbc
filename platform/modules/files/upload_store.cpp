#include "modules/files/upload_store.hpp"

#include <soci/soci.h>

namespace guildhall::files {

void UploadStore::insert(soci::session& tx, const UploadRecord& r) const {
  const int width = r.width.value_or(0);
  const int height = r.height.value_or(0);
  soci::indicator width_ind = r.width ? soci::i_ok : soci::i_null;
  soci::indicator height_ind = r.height ? soci::i_ok : soci::i_null;
  tx << "INSERT INTO uploads (id, tenant_slug, realm_slug, account_id, form_key, field_key, "
        "file_name, file_type, size_bytes, width, height, storage_key, created_at) VALUES "
        "(:id, :t, :r, :a, :fo, :fi, :n, :ty, :s, :w, :h, :k, :c)",
      soci::use(r.id), soci::use(r.tenant), soci::use(r.realm), soci::use(r.account_id),
      soci::use(r.form_key), soci::use(r.field_key), soci::use(r.file_name), soci::use(r.file_type),
      soci::use(r.size), soci::use(width, width_ind), soci::use(height, height_ind),
      soci::use(r.storage_key), soci::use(r.created_at);
}

std::optional<UploadRecord> UploadStore::find(soci::session& sql, const std::string& id) const {
  UploadRecord r;
  int width = 0;
  int height = 0;
  soci::indicator width_ind = soci::i_null;
  soci::indicator height_ind = soci::i_null;
  sql << "SELECT id, tenant_slug, realm_slug, account_id, form_key, field_key, file_name, "
         "file_type, size_bytes, width, height, storage_key, created_at FROM uploads "
         "WHERE id = :id",
      soci::into(r.id), soci::into(r.tenant), soci::into(r.realm), soci::into(r.account_id),
      soci::into(r.form_key), soci::into(r.field_key), soci::into(r.file_name),
      soci::into(r.file_type), soci::into(r.size), soci::into(width, width_ind),
      soci::into(height, height_ind), soci::into(r.storage_key), soci::into(r.created_at),
      soci::use(id);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  if (width_ind == soci::i_ok) {
    r.width = width;
  }
  if (height_ind == soci::i_ok) {
    r.height = height;
  }
  return r;
}

}  // namespace guildhall::files
