#include "modules/profiles/profile_service.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "db/database.hpp"
#include "forms/value_json.hpp"
#include "modules/identity/audit_store.hpp"
#include "modules/identity/principal.hpp"
#include "privacy/blind_index.hpp"
#include "privacy/field_cipher.hpp"
#include "privacy/masking.hpp"

namespace guildhall::profiles {
namespace {

constexpr std::string_view kProtectedColumn = "profiles.protected";
constexpr std::string_view kIdNumberPurpose = "profiles.id_number";

const sdk::Value* member(const sdk::Value& object, std::string_view key) {
  return object.find(key);
}

void put(sdk::Value& object, const std::string& key, sdk::Value value) {
  auto& members = object.as_object();
  for (auto& [k, v] : members) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  members.emplace_back(key, std::move(value));
}

void erase(sdk::Value& object, std::string_view key) {
  std::erase_if(object.as_object(), [&](const auto& m) { return m.first == key; });
}

core::AppError wrong_realm() {
  // An account of another realm has no profile here; answer as if the page did not exist.
  return core::AppError(core::ErrorKind::not_found, "profile_not_found",
                        {"找不到该资料。", "No such profile."});
}

}  // namespace

std::string masked_text(forms::FieldType type, const std::string& value) {
  return type == forms::FieldType::mobile
             ? privacy::mask_mobile(value)
             : privacy::mask_id_number(value, privacy::IdNumberView::reviewer);
}

ProfileService::ProfileService(db::Database& database, const FormService& forms,
                               std::shared_ptr<const privacy::KeyRing> keys,
                               const core::Clock& clock, StaffCheck may_see)
    : database_(database),
      forms_(forms),
      keys_(std::move(keys)),
      clock_(clock),
      may_see_(std::move(may_see)) {}

ProfileService::~ProfileService() = default;

ProfileService::Stored ProfileService::load(soci::session& sql,
                                            const std::string& account_id) const {
  Stored stored;
  auto row = store_.find(sql, account_id);
  if (!row) {
    return stored;
  }
  stored.exists = true;
  stored.data = forms::value_from_json(row->data_json);
  if (row->protected_cipher) {
    const privacy::FieldCipher cipher(keys_);
    stored.protected_values = forms::value_from_json(
        cipher.decrypt(*row->protected_cipher, kProtectedColumn, account_id));
  }
  return stored;
}

ProfileView ProfileService::view(const tenancy::Tenant& tenant, const Stored& stored,
                                 std::vector<std::string> locked) const {
  ProfileView out;
  out.form_json = forms_.definition_json(tenant, kProfileForm);
  const auto use = forms_.resolve(tenant, kProfileForm);
  for (const auto& section : use.form->sections) {
    for (const auto& field : section.fields) {
      if (forms::is_protected(field.type)) {
        const sdk::Value* value = member(stored.protected_values, field.key);
        if (value != nullptr && value->is_string()) {
          out.masked[field.key] = masked_text(field.type, value->as_string());
        }
      } else if (const sdk::Value* value = member(stored.data, field.key)) {
        put(out.values, field.key, *value);
      }
    }
  }
  out.locked = std::move(locked);
  return out;
}

void ProfileService::authorize(const tenancy::Tenant& tenant, const identity::Principal& who,
                               const std::string& account_id) const {
  if (account_id == who.account_id) {
    if (who.realm != tenant.realm) {
      throw wrong_realm();
    }
    return;
  }
  if (!may_see_) {
    throw wrong_realm();
  }
  may_see_(who, tenant, account_id);
}

ProfileView ProfileService::get(const tenancy::Tenant& tenant, const identity::Principal& who,
                                const std::string& account_id) const {
  authorize(tenant, who, account_id);
  Stored stored;
  std::vector<std::string> locked;
  database_.run([&](soci::session& sql) {
    stored = load(sql, account_id);
    locked = store_.locked_fields(sql, account_id);
  });
  return view(tenant, stored, std::move(locked));
}

ProfileView ProfileService::save(const tenancy::Tenant& tenant, const identity::Principal& who,
                                 const sdk::Value& input, const RequestOrigin& origin) const {
  if (who.realm != tenant.realm) {
    throw wrong_realm();
  }
  if (!input.is_object()) {
    throw core::AppError(core::ErrorKind::validation, "invalid_json",
                         {"提交的数据格式不正确。", "The submitted values must be an object."});
  }
  const auto use = forms_.resolve(tenant, kProfileForm);
  const privacy::BlindIndex index(keys_);
  Stored result;
  std::vector<std::string> locked;
  database_.transaction([&](soci::session& tx) {
    Stored stored = load(tx, who.account_id);
    locked = store_.locked_fields(tx, who.account_id);
    const std::set<std::string> locked_set(locked.begin(), locked.end());
    const auto printed = store_.locked_fields(tx, who.account_id, kCertificateLockHolder);
    const std::set<std::string> printed_set(printed.begin(), printed.end());

    // What the browser did not send of the protected values is what is stored.
    sdk::Value merged = input;
    std::vector<core::FieldIssue> conflicts;
    for (const auto& section : use.form->sections) {
      for (const auto& field : section.fields) {
        const sdk::Value* sent = member(input, field.key);
        const sdk::Value* kept = forms::is_protected(field.type)
                                     ? member(stored.protected_values, field.key)
                                     : member(stored.data, field.key);
        if (forms::is_protected(field.type) && sent == nullptr && kept != nullptr) {
          put(merged, field.key, *kept);
          sent = kept;
        }
        if (locked_set.contains(field.key)) {
          const sdk::Value empty;
          const sdk::Value& now_value = sent == nullptr ? empty : *sent;
          const sdk::Value& old_value = kept == nullptr ? empty : *kept;
          if (!(now_value == old_value)) {
            conflicts.push_back(
                {field.key, "field_locked",
                 printed_set.contains(field.key)
                     ? core::Message{"证书已下载，该项已锁定；如需修改，请提交资料变更申请。",
                                     "Your certificate prints this field; request a change of "
                                     "personal details to change it."}
                     : core::Message{"该项正在审核中，审核结束前不能修改。",
                                     "This field is under review and cannot change until the "
                                     "review ends."}});
          }
        }
      }
    }
    if (!conflicts.empty()) {
      throw core::AppError(core::ErrorKind::conflict, "field_locked",
                           {"部分信息正在审核中，暂不能修改。",
                            "Some fields are under review and cannot change now."})
          .with_fields(std::move(conflicts));
    }

    auto checked = forms_.check(tenant, kProfileForm, merged, who.account_id);
    // Uniqueness is judged with the other checks, so that every error shows at once.
    std::optional<std::string> id_number;
    std::string id_number_field;
    for (const auto& section : use.form->sections) {
      for (const auto& field : section.fields) {
        const sdk::Value* value = member(checked.values, field.key);
        if (field.type == forms::FieldType::id_number && !id_number && value != nullptr &&
            value->is_string()) {
          id_number = value->as_string();
          id_number_field = field.key;
        }
      }
    }
    if (id_number &&
        store_.owner_of_id_number(
            tx, tenant.realm,
            index.candidates(kIdNumberPurpose, privacy::ValueKind::id_number, *id_number),
            who.account_id)) {
      checked.errors.push_back({id_number_field,
                                "id_number_taken",
                                {"该证件号码已被其他账号使用，如有疑问请联系协会。",
                                 "Another account already uses this ID number; contact the "
                                 "association if this is wrong."}});
    }
    if (!checked.ok()) {
      throw FormService::invalid(checked);
    }
    for (const auto& section : use.form->sections) {
      for (const auto& field : section.fields) {
        const sdk::Value* value = member(checked.values, field.key);
        sdk::Value& target =
            forms::is_protected(field.type) ? stored.protected_values : stored.data;
        if (value == nullptr) {
          erase(target, field.key);
        } else {
          put(target, field.key, *value);
        }
      }
    }

    const long long now = clock_.now_ms();
    store_.save(tx, row_of(tenant.realm, who.account_id, stored, id_number, now));
    identity::AuditStore{}.append(tx, {.at = now,
                                       .event = "profile_saved",
                                       .realm = tenant.realm,
                                       .tenant = tenant.slug(),
                                       .actor = who.account_id,
                                       .subject = who.account_id,
                                       .ip = origin.ip});
    result = std::move(stored);
  });
  return view(tenant, result, std::move(locked));
}

std::string ProfileService::reveal(const tenancy::Tenant& tenant, const identity::Principal& who,
                                   const std::string& account_id, std::string_view field,
                                   const RequestOrigin& origin) const {
  authorize(tenant, who, account_id);
  const auto use = forms_.resolve(tenant, kProfileForm);
  const forms::Field* definition = use.form->find(field);
  if (definition == nullptr || !forms::is_protected(definition->type)) {
    throw core::AppError(core::ErrorKind::validation, "form_invalid",
                         {"请检查标出的内容。", "Please check the marked fields."})
        .with_fields({{"field",
                       "not_protected",
                       {"该项不是受保护的信息。", "This is not a protected field."}}});
  }
  std::string value;
  database_.transaction([&](soci::session& tx) {
    const Stored stored = load(tx, account_id);
    const sdk::Value* v = member(stored.protected_values, field);
    if (v == nullptr || !v->is_string()) {
      throw core::AppError(core::ErrorKind::not_found, "value_not_found",
                           {"该项尚未填写。", "This field has no value yet."});
    }
    identity::AuditStore{}.append(tx, {.at = clock_.now_ms(),
                                       .event = "profile_revealed",
                                       .realm = tenant.realm,
                                       .tenant = tenant.slug(),
                                       .actor = who.account_id,
                                       .subject = account_id,
                                       .ip = origin.ip,
                                       .detail = "{\"field\":\"" + definition->key + "\"}"});
    value = v->as_string();
  });
  return value;
}

ProfileRow ProfileService::row_of(const std::string& realm, const std::string& account_id,
                                  const Stored& stored, const std::optional<std::string>& id_number,
                                  long long now) const {
  ProfileRow row;
  row.account_id = account_id;
  row.realm = realm;
  row.data_json = forms::value_to_json(stored.data);
  if (!stored.protected_values.as_object().empty()) {
    row.protected_cipher = privacy::FieldCipher(keys_).encrypt(
        forms::value_to_json(stored.protected_values), kProtectedColumn, account_id);
  }
  if (id_number) {
    row.id_number_index =
        privacy::BlindIndex(keys_).of(kIdNumberPurpose, privacy::ValueKind::id_number, *id_number);
  }
  row.created_at = now;
  row.updated_at = now;
  return row;
}

sdk::Value ProfileService::values(const std::string& account_id) const {
  Stored stored;
  database_.run([&](soci::session& sql) { stored = load(sql, account_id); });
  sdk::Value out = stored.data;
  for (const auto& [key, value] : stored.protected_values.as_object()) {
    put(out, key, value);
  }
  return out;
}

void ProfileService::adopt(soci::session& tx, const tenancy::Tenant& tenant,
                           const std::string& account_id, const sdk::Value& values,
                           const std::string& holder, long long now) const {
  const auto use = forms_.resolve(tenant, kProfileForm);
  const Stored stored = load(tx, account_id);
  const auto others = store_.locked_by_others(tx, account_id, holder);
  const std::set<std::string> locked(others.begin(), others.end());
  const auto printed = store_.locked_fields(tx, account_id, kCertificateLockHolder);
  const std::set<std::string> printed_set(printed.begin(), printed.end());
  sdk::Value changes = sdk::Value::Object{};
  std::vector<core::FieldIssue> conflicts;
  for (const auto& section : use.form->sections) {
    for (const auto& field : section.fields) {
      const sdk::Value* given = member(values, field.key);
      if (given == nullptr) {
        continue;
      }
      const sdk::Value* kept = forms::is_protected(field.type)
                                   ? member(stored.protected_values, field.key)
                                   : member(stored.data, field.key);
      if (kept != nullptr && *kept == *given) {
        continue;
      }
      if (locked.contains(field.key)) {
        conflicts.push_back(
            {field.key, "field_locked",
             printed_set.contains(field.key)
                 ? core::Message{"证书已下载，该项已锁定；如需修改，请提交资料变更申请。",
                                 "Your certificate prints this field; request a change of "
                                 "personal details to change it."}
                 : core::Message{"该项正在另一份申请的审核中，审核结束前不能修改。",
                                 "Another application under review holds this field; it "
                                 "cannot change until that review ends."}});
        continue;
      }
      changes.as_object().emplace_back(field.key, *given);
    }
  }
  if (!conflicts.empty()) {
    throw core::AppError(core::ErrorKind::conflict, "field_locked",
                         {"部分信息已锁定，不能在申请中修改。",
                          "Some of these details are locked and cannot change here."})
        .with_fields(std::move(conflicts));
  }
  if (!changes.as_object().empty()) {
    apply_changes(tx, tenant, account_id, changes, account_id, now);
  }
}

void ProfileService::apply_changes(soci::session& tx, const tenancy::Tenant& tenant,
                                   const std::string& account_id, const sdk::Value& changes,
                                   const std::optional<std::string>& actor, long long now) const {
  const auto use = forms_.resolve(tenant, kProfileForm);
  Stored stored = load(tx, account_id);
  for (const auto& [key, value] : changes.as_object()) {
    const forms::Field* field = use.form->find(key);
    if (field == nullptr) {
      continue;  // a field of the change form that the profile does not keep
    }
    sdk::Value& target = forms::is_protected(field->type) ? stored.protected_values : stored.data;
    if (value.is_null()) {
      erase(target, key);
    } else {
      put(target, key, value);
    }
  }
  std::optional<std::string> id_number;
  for (const auto& section : use.form->sections) {
    for (const auto& field : section.fields) {
      const sdk::Value* value = member(stored.protected_values, field.key);
      if (field.type == forms::FieldType::id_number && !id_number && value != nullptr &&
          value->is_string()) {
        id_number = value->as_string();
      }
    }
  }
  // Checked again at approval: another account may have taken the number since submission.
  if (id_number &&
      store_.owner_of_id_number(tx, tenant.realm,
                                privacy::BlindIndex(keys_).candidates(
                                    kIdNumberPurpose, privacy::ValueKind::id_number, *id_number),
                                account_id)) {
    throw core::AppError(core::ErrorKind::conflict, "id_number_taken",
                         {"该证件号码已被其他账号使用，不能变更为此号码。",
                          "Another account already uses this ID number."});
  }
  store_.save(tx, row_of(tenant.realm, account_id, stored, id_number, now));
  identity::AuditStore{}.append(tx, {.at = now,
                                     .event = "profile_changed",
                                     .realm = tenant.realm,
                                     .tenant = tenant.slug(),
                                     .actor = actor,
                                     .subject = account_id,
                                     .ip = ""});
}

}  // namespace guildhall::profiles
