#include "modules/files/upload_service.hpp"

#include <soci/soci.h>

#include <span>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "forms/form_definition.hpp"
#include "modules/identity/principal.hpp"
#include "modules/identity/secrets.hpp"
#include "tenancy/tenant_directory.hpp"
#include "uploads/blob_store.hpp"
#include "uploads/file_type.hpp"
#include "uploads/upload_policy.hpp"

namespace guildhall::files {
namespace {

core::AppError not_found() {
  return core::AppError(core::ErrorKind::not_found, "upload_not_found",
                        {"找不到该文件。", "No such file."});
}

core::AppError invalid(std::string field, std::string code, core::Message message) {
  return core::AppError(core::ErrorKind::validation, "upload_invalid",
                        {"文件无法上传。", "The file cannot be uploaded."})
      .with_fields({{std::move(field), std::move(code), std::move(message)}});
}

const forms::Field& upload_field(const tenancy::TenantRegistry& registry, std::string_view tenant,
                                 std::string_view form_key, std::string_view field_key) {
  const auto use = registry.current()->find_form(tenant, form_key);
  const forms::Field* field = use.form == nullptr ? nullptr : use.form->find(field_key);
  if (field == nullptr || field->type != forms::FieldType::upload || !field->upload) {
    throw invalid("field", "upload_field_unknown",
                  {"该表单没有这个上传项。", "This form has no such upload field."});
  }
  return *field;
}

}  // namespace

UploadService::UploadService(db::Database& database, const tenancy::TenantRegistry& registry,
                             std::shared_ptr<uploads::BlobStore> blobs, const core::Clock& clock,
                             ReviewerCheck may_review)
    : database_(database),
      registry_(registry),
      blobs_(std::move(blobs)),
      clock_(clock),
      may_review_(std::move(may_review)) {}

std::uint64_t UploadService::max_bytes(std::string_view tenant, std::string_view form,
                                       std::string_view field) const {
  try {
    return uploads::bytes_from_megabytes(
        upload_field(registry_, tenant, form, field).upload->max_size_mb);
  } catch (const core::AppError&) {
    return 0;
  }
}

UploadRecord UploadService::store(const tenancy::Tenant& tenant, const identity::Principal& who,
                                  const NewUpload& upload, std::string_view body) const {
  if (who.realm != tenant.realm) {
    throw not_found();
  }
  const auto& field = upload_field(registry_, tenant.slug(), upload.form_key, upload.field_key);
  const auto bytes = std::span(reinterpret_cast<const unsigned char*>(body.data()), body.size());
  const auto prepared =
      uploads::prepare_upload(bytes, upload.content_type, upload.file_name, field.upload->types,
                              uploads::bytes_from_megabytes(field.upload->max_size_mb));
  UploadRecord record;
  record.created_at = clock_.now_ms();
  record.id = identity::new_id(record.created_at);
  record.tenant = tenant.slug();
  record.realm = tenant.realm;
  record.account_id = who.account_id;
  record.form_key = upload.form_key;
  record.field_key = upload.field_key;
  record.file_name = upload.file_name.substr(0, 255);
  record.file_type = std::string(uploads::to_string(prepared.type));
  record.size = static_cast<long long>(prepared.bytes.size());
  if (prepared.size) {
    record.width = static_cast<int>(prepared.size->width);
    record.height = static_cast<int>(prepared.size->height);
  }
  record.storage_key = blobs_->put(prepared.bytes, record.id);
  try {
    database_.transaction([&](soci::session& tx) { store_.insert(tx, record); });
  } catch (...) {
    blobs_->remove(record.storage_key);
    throw;
  }
  return record;
}

StoredFile UploadService::fetch(const tenancy::Tenant& tenant, const identity::Principal& who,
                                const std::string& id) const {
  std::optional<UploadRecord> record;
  database_.run([&](soci::session& sql) { record = store_.find(sql, id); });
  if (!record || record->tenant != tenant.slug()) {
    throw not_found();
  }
  const bool owner = record->account_id == who.account_id && who.realm == record->realm;
  if (!owner && !(may_review_ && may_review_(who, tenant))) {
    throw not_found();
  }
  return read(std::move(*record));
}

std::optional<StoredFile> UploadService::of_account(const std::string& account_id,
                                                    const std::string& id) const {
  std::optional<UploadRecord> record;
  database_.run([&](soci::session& sql) { record = store_.find(sql, id); });
  if (!record || record->account_id != account_id) {
    return std::nullopt;
  }
  return read(std::move(*record));
}

StoredFile UploadService::read(UploadRecord record) const {
  StoredFile file;
  file.bytes = blobs_->get(record.storage_key, record.id);
  const auto type = uploads::parse_file_type(record.file_type);
  file.content_type = type ? std::string(uploads::mime_type_of(*type)) : "application/octet-stream";
  file.record = std::move(record);
  return file;
}

bool UploadService::belongs(std::string_view account, std::string_view upload_id,
                            std::string_view form, std::string_view field) const {
  std::optional<UploadRecord> record;
  database_.run([&](soci::session& sql) { record = store_.find(sql, std::string(upload_id)); });
  // The form is not compared: a field key means the same thing in every form of a tenant, so a
  // photo uploaded with the profile serves the application that reuses the profile's values.
  static_cast<void>(form);
  return record && record->account_id == account && record->field_key == field;
}

}  // namespace guildhall::files
