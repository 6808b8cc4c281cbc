#include "modules/legacy/legacy_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "forms/identifiers.hpp"
#include "forms/region_catalog.hpp"
#include "forms/value_json.hpp"
#include "modules/identity/principal.hpp"
#include "modules/identity/secrets.hpp"
#include "privacy/blind_index.hpp"
#include "privacy/field_cipher.hpp"
#include "privacy/masking.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::legacy {
namespace {

using core::AppError;
using core::ErrorKind;

constexpr std::string_view kProfileForm = "profile";
constexpr std::string_view kProtectedColumn = "legacy_members.protected";
constexpr std::string_view kMobilePurpose = "legacy_members.mobile";
constexpr std::string_view kIdNumberPurpose = "legacy_members.id_number";

AppError admins_only() {
  return AppError(ErrorKind::forbidden, "admins_only",
                  {"只有本机构的管理员可以导入和查看原会员名单。",
                   "Only the organisation's admins import and see the old roster."});
}

forms::CivilDate today_of(long long now_ms) {
  return *forms::CivilDate::parse(core::mainland_date(now_ms));
}

// The row as the roster part stores it: protected values apart, encrypted under the row's id.
void fill(LegacyRow& row, const RosterRecord& record, const forms::FormDefinition& profile,
          const privacy::FieldCipher& cipher, const privacy::BlindIndex& index) {
  sdk::Value plain = sdk::Value::Object{};
  sdk::Value guarded = sdk::Value::Object{};
  for (const auto& [key, value] : record.values.as_object()) {
    const forms::Field* field = profile.find(key);
    (field != nullptr && forms::is_protected(field->type) ? guarded : plain)
        .as_object()
        .emplace_back(key, value);
  }
  row.member_number = record.member_number;
  row.certificate_number = record.certificate_number.empty()
                               ? std::nullopt
                               : std::optional<std::string>(record.certificate_number);
  row.name = record.name;
  row.member_type = record.member_type;
  row.mobile_index = index.of(kMobilePurpose, privacy::ValueKind::mobile, record.mobile);
  row.id_index = record.id_number.empty()
                     ? std::nullopt
                     : std::optional<std::string>(index.of(
                           kIdNumberPurpose, privacy::ValueKind::id_number, record.id_number));
  row.protected_cipher = cipher.encrypt(forms::value_to_json(guarded), kProtectedColumn, row.id);
  row.values_json = forms::value_to_json(plain);
  row.joined_on =
      record.joined_on.empty() ? std::nullopt : std::optional<std::string>(record.joined_on);
  row.valid_until =
      record.valid_until.empty() ? std::nullopt : std::optional<std::string>(record.valid_until);
}

// What an import compares: everything but the ciphertext, whose nonce differs every time (the
// indexes stand for the protected values).
bool same_content(const LegacyRow& a, const LegacyRow& b) {
  return a.certificate_number == b.certificate_number && a.name == b.name &&
         a.member_type == b.member_type && a.mobile_index == b.mobile_index &&
         a.id_index == b.id_index && a.values_json == b.values_json && a.joined_on == b.joined_on &&
         a.valid_until == b.valid_until;
}

}  // namespace

LegacyService::LegacyService(db::Database& database, const tenancy::TenantRegistry& registry,
                             std::shared_ptr<const privacy::KeyRing> keys, const core::Clock& clock,
                             LegacyAccess access)
    : database_(database),
      registry_(registry),
      keys_(std::move(keys)),
      clock_(clock),
      access_(std::move(access)) {}

RosterRules LegacyService::rules_of(const tenancy::Tenant& tenant) const {
  const auto directory = registry_.current();
  const auto use = directory->find_form(tenant.slug(), kProfileForm);
  if (use.form == nullptr) {
    throw AppError(ErrorKind::conflict, "no_profile_form",
                   {"本机构没有个人资料表，无法导入原会员名单。",
                    "This organisation has no profile form to import a roster into."});
  }
  RosterRules rules;
  rules.profile = use.form;
  rules.dictionaries = &use.owner->config->dictionaries;
  rules.regions = &forms::RegionCatalog::mainland();
  rules.today = today_of(clock_.now_ms());
  // A branch that declares no member types of its own takes its members in its parent's.
  for (const auto& slug : directory->lineage(tenant.slug())) {
    if (const auto t = directory->find(slug); t && !t->config->member_types.empty()) {
      rules.member_types = t->config->member_types;
      break;
    }
  }
  std::string slug = tenant.slug();
  rules.organisation_named = [this, slug](const std::string& name) {
    return access_.organisation_named ? access_.organisation_named(slug, name) : std::nullopt;
  };
  return rules;
}

std::string LegacyService::member_type_name(const std::string& tenant,
                                            const std::string& key) const {
  return registry_.current()->member_type_name(tenant, key);
}

std::vector<RosterColumn> LegacyService::columns(const tenancy::Tenant& tenant,
                                                 const identity::Principal& who) const {
  if (!access_.administers || !access_.administers(who, tenant)) {
    throw admins_only();
  }
  return roster_columns(rules_of(tenant));
}

ImportReport LegacyService::import_rows(const tenancy::Tenant& tenant,
                                        const identity::Principal& who,
                                        const std::vector<std::string>& header,
                                        const std::vector<RosterRow>& rows, bool dry_run) const {
  if (!access_.administers || !access_.administers(who, tenant)) {
    throw admins_only();
  }
  if (rows.size() > kMaxImportRows) {
    throw AppError(ErrorKind::validation, "form_invalid",
                   {"请检查提交的内容。", "Please check the request."})
        .with_fields({{"rows",
                       "too_many",
                       {"每次最多导入 " + std::to_string(kMaxImportRows) + " 行，请分批提交。",
                        "At most " + std::to_string(kMaxImportRows) +
                            " rows at a time; send the roster in parts."}}});
  }
  return import(tenant, header, rows, dry_run);
}

std::optional<ImportReport> LegacyService::seed(const tenancy::Tenant& tenant,
                                                const std::vector<std::string>& header,
                                                const std::vector<RosterRow>& rows) const {
  bool any = false;
  database_.run([&](soci::session& sql) { any = store_.any(sql, tenant.slug()); });
  if (any) {
    return std::nullopt;
  }
  ImportReport total;
  for (std::size_t from = 0; from < rows.size(); from += kMaxImportRows) {
    const std::vector<RosterRow> part(
        rows.begin() + static_cast<std::ptrdiff_t>(from),
        rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), from + kMaxImportRows)));
    ImportReport report = import(tenant, header, part, false);
    total.created += report.created;
    total.updated += report.updated;
    total.unchanged += report.unchanged;
    total.skipped += report.skipped;
    total.errors.insert(total.errors.end(), report.errors.begin(), report.errors.end());
    total.warnings.insert(total.warnings.end(), report.warnings.begin(), report.warnings.end());
    total.ignored_columns = report.ignored_columns;
  }
  return total;
}

ImportReport LegacyService::import(const tenancy::Tenant& tenant,
                                   const std::vector<std::string>& header,
                                   const std::vector<RosterRow>& rows, bool dry_run) const {
  const RosterRules rules = rules_of(tenant);
  const RosterLayout layout = layout_of(rules, header);
  if (!layout.missing.empty()) {
    std::string names;
    for (const auto& name : layout.missing) {
      names += (names.empty() ? "" : "、") + name;
    }
    throw AppError(ErrorKind::validation, "form_invalid",
                   {"请检查提交的内容。", "Please check the request."})
        .with_fields(
            {{"header",
              "columns_missing",
              {"名单缺少必填列：" + names + "。请按导入模板的表头整理后再导入。",
               "The roster lacks required columns (" + names + "); use the template's headers."}}});
  }
  ImportReport report;
  report.ignored_columns = layout.ignored;

  std::vector<RosterRecord> records;
  std::map<std::string, int> numbers_seen;  // member number -> row
  std::map<std::string, int> mobiles_seen;  // mobile -> row
  for (const auto& row : rows) {
    RowReading reading = read_row(rules, layout, header, row.row, row.cells);
    report.warnings.insert(report.warnings.end(), reading.warnings.begin(), reading.warnings.end());
    if (reading.record) {
      const auto& r = *reading.record;
      if (const auto [it, fresh] = numbers_seen.emplace(r.member_number, row.row); !fresh) {
        reading.errors.push_back({row.row,
                                  r.number_header,
                                  "duplicate_in_file",
                                  {"会员编号与第 " + std::to_string(it->second) + " 行重复",
                                   "The member number repeats row " + std::to_string(it->second)}});
      } else if (const auto [m, fresh_mobile] = mobiles_seen.emplace(r.mobile, row.row);
                 !fresh_mobile) {
        numbers_seen.erase(r.member_number);
        reading.errors.push_back(
            {row.row,
             r.mobile_header,
             "duplicate_in_file",
             {"手机号与第 " + std::to_string(m->second) + " 行相同：原会员凭手机号登录，每人须不同",
              "The mobile number repeats row " + std::to_string(m->second) +
                  "; each legacy member signs in with their own"}});
      }
    }
    if (!reading.errors.empty()) {
      ++report.skipped;
      report.errors.insert(report.errors.end(), reading.errors.begin(), reading.errors.end());
      continue;
    }
    records.push_back(std::move(*reading.record));
  }

  const privacy::FieldCipher cipher(keys_);
  const privacy::BlindIndex index(keys_);
  const long long now = clock_.now_ms();
  const auto body = [&](soci::session& tx) {
    std::vector<std::string> numbers;
    std::vector<std::string> mobile_indexes;
    for (const auto& r : records) {
      numbers.push_back(r.member_number);
      for (auto& candidate :
           index.candidates(kMobilePurpose, privacy::ValueKind::mobile, r.mobile)) {
        mobile_indexes.push_back(std::move(candidate));
      }
    }
    std::map<std::string, LegacyRow> existing;
    for (auto& row : store_.by_numbers(tx, tenant.slug(), numbers)) {
      existing.emplace(row.member_number, std::move(row));
    }
    std::map<std::string, LegacyRow> by_mobile;  // mobile index -> row
    for (auto& row : store_.by_mobile(tx, tenant.realm, mobile_indexes)) {
      by_mobile.emplace(row.mobile_index, std::move(row));
    }
    for (const auto& record : records) {
      const auto found = existing.find(record.member_number);
      // Someone else of the realm's rosters signs in with this number already.
      const LegacyRow* holder = nullptr;
      for (const auto& candidate :
           index.candidates(kMobilePurpose, privacy::ValueKind::mobile, record.mobile)) {
        if (const auto it = by_mobile.find(candidate);
            it != by_mobile.end() && !(it->second.tenant == tenant.slug() &&
                                       it->second.member_number == record.member_number)) {
          holder = &it->second;
        }
      }
      if (holder != nullptr) {
        ++report.skipped;
        report.errors.push_back(
            {record.row,
             record.mobile_header,
             "mobile_taken",
             {"手机号已用于原会员 " + holder->member_number + "（" +
                  privacy::mask_name(holder->name) + "）",
              "The mobile number belongs to legacy member " + holder->member_number + " already"}});
        continue;
      }
      if (found != existing.end() && found->second.status != kPending) {
        ++report.skipped;
        report.errors.push_back({record.row,
                                 record.number_header,
                                 "already_activated",
                                 {"该原会员已激活，名单不再更新其资料",
                                  "This legacy member has activated; the roster no longer "
                                  "changes them"}});
        continue;
      }
      LegacyRow row;
      if (found != existing.end()) {
        row = found->second;
      } else {
        row.id = identity::new_id(now);
        row.tenant = tenant.slug();
        row.realm = tenant.realm;
        row.imported_at = now;
      }
      const LegacyRow before = row;
      fill(row, record, *rules.profile, cipher, index);
      row.updated_at = now;
      if (found == existing.end()) {
        ++report.created;
        if (!dry_run) {
          store_.insert(tx, row);
        }
      } else if (same_content(before, row)) {
        ++report.unchanged;
      } else {
        ++report.updated;
        if (!dry_run) {
          store_.update(tx, row);
        }
      }
    }
  };
  if (dry_run) {
    database_.run(body);
  } else {
    database_.transaction(body);
  }
  std::sort(report.errors.begin(), report.errors.end(),
            [](const RosterIssue& a, const RosterIssue& b) { return a.row < b.row; });
  return report;
}

LegacyPage LegacyService::list(const tenancy::Tenant& tenant, const identity::Principal& who,
                               const std::string& q, const std::string& status, int page,
                               int page_size) const {
  if (!access_.administers || !access_.administers(who, tenant)) {
    throw admins_only();
  }
  if (!status.empty() && status != kPending && status != kActivated) {
    throw AppError(ErrorKind::validation, "form_invalid",
                   {"请检查筛选条件。", "Please check the filters."})
        .with_fields({{"status",
                       "invalid_option",
                       {"状态只能是待激活或已激活。", "The status is pending or activated."}}});
  }
  LegacyQuery query;
  query.tenants = registry_.current()->subtree(tenant.slug());
  query.q = q;
  query.status = status;
  query.limit = std::clamp(page_size, 1, 100);
  query.offset = (std::max(page, 1) - 1) * query.limit;
  LegacyPage out;
  const privacy::FieldCipher cipher(keys_);
  database_.run([&](soci::session& sql) {
    out.total = store_.count(sql, query);
    for (auto& row : store_.list(sql, query)) {
      LegacyEntry entry;
      const sdk::Value guarded =
          forms::value_from_json(cipher.decrypt(row.protected_cipher, kProtectedColumn, row.id));
      for (const auto& [key, value] : guarded.as_object()) {
        if (value.is_string() && forms::check_mobile(value.as_string()).value) {
          entry.mobile_masked = privacy::mask_mobile(value.as_string());
          break;
        }
      }
      entry.member_type_name = member_type_name(row.tenant, row.member_type);
      row.protected_cipher.clear();
      entry.row = std::move(row);
      out.items.push_back(std::move(entry));
    }
  });
  return out;
}

std::optional<std::string> LegacyService::tenant_of_mobile(const std::string& realm,
                                                           const std::string& mobile) const {
  std::optional<std::string> out;
  database_.run([&](soci::session& sql) {
    for (const auto& row :
         store_.by_mobile(sql, realm,
                          privacy::BlindIndex(keys_).candidates(
                              kMobilePurpose, privacy::ValueKind::mobile, mobile))) {
      if (row.status == kPending && !row.account_id) {
        out = row.tenant;
      }
    }
  });
  return out;
}

std::vector<LegacyRow> LegacyService::claimed(const std::string& account_id,
                                              const std::string& realm) const {
  const std::string mobile = access_.account_mobile ? access_.account_mobile(account_id) : "";
  std::vector<LegacyRow> out;
  database_.transaction([&](soci::session& tx) {
    if (!mobile.empty()) {
      for (const auto& row :
           store_.by_mobile(tx, realm,
                            privacy::BlindIndex(keys_).candidates(
                                kMobilePurpose, privacy::ValueKind::mobile, mobile))) {
        if (!row.account_id) {
          store_.claim(tx, row.id, account_id, clock_.now_ms());
        }
      }
    }
    for (auto& row : store_.of_account(tx, account_id)) {
      if (row.realm == realm) {
        out.push_back(std::move(row));
      }
    }
  });
  return out;
}

std::vector<LegacyEntry> LegacyService::mine(const identity::Principal& who) const {
  std::vector<LegacyEntry> out;
  for (auto& row : claimed(who.account_id, who.realm)) {
    LegacyEntry entry;
    entry.member_type_name = member_type_name(row.tenant, row.member_type);
    row.protected_cipher.clear();
    entry.row = std::move(row);
    out.push_back(std::move(entry));
  }
  return out;
}

bool LegacyService::pending(const std::string& account_id, const std::string& tenant) const {
  const auto t = registry_.current()->find(tenant);
  if (!t) {
    return false;
  }
  const auto rows = claimed(account_id, t->realm);
  return std::any_of(rows.begin(), rows.end(), [&](const LegacyRow& row) {
    return row.tenant == tenant && row.status == kPending;
  });
}

sdk::Value LegacyService::values(const std::string& account_id, const std::string& tenant) const {
  const auto t = registry_.current()->find(tenant);
  sdk::Value out = sdk::Value::Object{};
  if (!t) {
    return out;
  }
  for (const auto& row : claimed(account_id, t->realm)) {
    if (row.tenant != tenant || row.status != kPending) {
      continue;
    }
    out = forms::value_from_json(row.values_json);
    const sdk::Value guarded = forms::value_from_json(
        privacy::FieldCipher(keys_).decrypt(row.protected_cipher, kProtectedColumn, row.id));
    for (const auto& member : guarded.as_object()) {
      out.as_object().push_back(member);
    }
    out.as_object().emplace_back("member_type", row.member_type);
    break;
  }
  return out;
}

void LegacyService::activate(soci::session& tx, const std::string& account_id,
                             const std::string& tenant, const std::string& application_id,
                             long long now) const {
  for (const auto& row : store_.of_account(tx, account_id)) {
    if (row.tenant == tenant && row.status == kPending &&
        !store_.activate(tx, row.id, application_id, now)) {
      throw AppError(ErrorKind::conflict, "legacy_already_activated",
                     {"该原会员已激活。", "This legacy member has activated already."});
    }
  }
}

std::optional<LegacyCheck> LegacyService::verify(const std::string& tenant,
                                                 const std::string& number) const {
  if (tenant.size() > 64 || number.empty() || number.size() > 40) {
    return std::nullopt;
  }
  const auto owner = registry_.current()->find(tenant);
  if (!owner) {
    return std::nullopt;
  }
  std::optional<LegacyRow> row;
  database_.run([&](soci::session& sql) { row = store_.by_old_number(sql, tenant, number); });
  if (!row) {
    return std::nullopt;
  }
  LegacyCheck out;
  out.tenant_name = owner->config->name.zh_cn;
  out.member_type_name = member_type_name(row->tenant, row->member_type);
  out.holder = privacy::mask_name(row->name);
  out.number = number;
  out.valid_until = row->valid_until;
  const std::string today = core::mainland_date(clock_.now_ms());
  out.status = row->status == kActivated                         ? "superseded"
               : (row->valid_until && *row->valid_until < today) ? "expired"
                                                                 : "valid";
  return out;
}

}  // namespace guildhall::legacy
