#include "modules/organisations/organisation_service.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "db/database.hpp"
#include "forms/identifiers.hpp"
#include "modules/identity/secrets.hpp"
#include "modules/organisations/organisation_rules.hpp"
#include "tenancy/tenant.hpp"

namespace guildhall::organisations {

namespace {

using core::AppError;
using core::ErrorKind;
using core::FieldIssue;
using core::Message;

AppError invalid(std::vector<FieldIssue> fields) {
  return AppError(ErrorKind::validation, "validation_failed",
                  {"请检查填写的内容。", "Please check the form."})
      .with_fields(std::move(fields));
}

AppError not_found() {
  return AppError(ErrorKind::not_found, "organisation_not_found",
                  {"找不到该单位。", "No such organisation."});
}

AppError merged_conflict() {
  return AppError(ErrorKind::conflict, std::string(kMerged),
                  {"该单位已合并到其他单位，不能再修改或合并。",
                   "This organisation was merged into another one; it can no longer be changed."});
}

FieldIssue duplicate_name(const OrganisationRecord& existing) {
  return {"name",
          std::string(kDuplicate),
          {"已有同名单位「" + existing.name + "」",
           "An organisation with this name is already registered: " + existing.name}};
}

FieldIssue duplicate_credit_code(const OrganisationRecord& existing) {
  return {"credit_code",
          std::string(kDuplicate),
          {"该统一社会信用代码已登记为「" + existing.name + "」",
           "This unified social credit code is already registered for " + existing.name}};
}

std::string upper_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  });
  return text;
}

bool ascii_alnum(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

// The credit code as stored, nullopt when the cell is empty; an issue when it is wrong.
std::optional<std::string> checked_credit_code(const std::string& text,
                                               std::vector<FieldIssue>& issues) {
  if (tidy_name(text).empty()) {
    return std::nullopt;
  }
  const auto checked = forms::check_credit_code(text);
  if (checked.issue) {
    issues.push_back({"credit_code", checked.issue->code, checked.issue->message});
    return std::nullopt;
  }
  return checked.value;
}

// The record of checked input, or the issues that stop it.
std::optional<OrganisationRecord> check_input(const std::string& tenant,
                                              const OrganisationInput& input,
                                              std::vector<FieldIssue>& issues) {
  const auto before = issues.size();
  OrganisationRecord record;
  record.tenant = tenant;
  record.name = tidy_name(input.name);
  if (auto issue = check_name(record.name)) {
    issues.push_back(std::move(*issue));
  }
  record.name_normalised = normalise_name(record.name);
  record.credit_code = checked_credit_code(input.credit_code, issues);
  if (auto issue = check_region(input.region)) {
    issues.push_back(std::move(*issue));
  }
  record.region = input.region;
  if (issues.size() != before) {
    return std::nullopt;
  }
  return record;
}

std::string detail_of(const OrganisationRecord& record) {
  return nlohmann::json{{"organisation", record.id}, {"name", record.name}}.dump();
}

// The import decided row by row against the registry as it will be after the earlier rows:
// renames and new names are tracked, so that applying the operations in order never breaks the
// unique indexes.
struct ImportPlan {
  ImportReport report;
  std::vector<std::pair<bool, OrganisationRecord>> operations;  // {is_create, record}
};

// The account behind a change, none for the platform's own seeding.
std::optional<std::string> account_of(const identity::Principal& actor) {
  return actor.account_id.empty() ? std::nullopt : std::optional(actor.account_id);
}

ImportPlan plan_import(const OrganisationStore& store, soci::session& sql,
                       const identity::Principal& actor, const tenancy::Tenant& tenant,
                       const std::vector<ImportRow>& rows, std::int64_t now) {
  ImportPlan plan;
  auto known = store.all(sql, tenant.slug());
  known.reserve(known.size() + rows.size());
  std::map<std::string, std::size_t> by_code;
  std::map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < known.size(); ++i) {
    if (known[i].credit_code) {
      by_code[*known[i].credit_code] = i;
    }
    by_name[known[i].name_normalised] = i;
  }
  std::map<std::string, int> code_rows;
  std::map<std::string, int> name_rows;
  auto& report = plan.report;

  for (const auto& row : rows) {
    std::vector<FieldIssue> issues;
    for (const auto& field : row.malformed) {
      issues.push_back({field,
                        std::string(kInvalid),
                        {"该单元格的内容无法识别", "This cell's content cannot be read"}});
    }
    const auto is_malformed = [&](std::string_view field) {
      return std::find(row.malformed.begin(), row.malformed.end(), field) != row.malformed.end();
    };
    std::optional<OrganisationRecord> record;
    if (issues.empty()) {
      record = check_input(tenant.slug(),
                           {row.name, row.credit_code, split_region_text(row.region)}, issues);
    } else if (!is_malformed("name")) {
      check_input(tenant.slug(), {row.name, is_malformed("credit_code") ? "" : row.credit_code, {}},
                  issues);
    }
    if (record) {
      if (record->credit_code) {
        if (const auto it = code_rows.find(*record->credit_code); it != code_rows.end()) {
          issues.push_back({"credit_code",
                            std::string(kDuplicateInFile),
                            {"与第" + std::to_string(it->second) + "行的统一社会信用代码重复",
                             "Same credit code as row " + std::to_string(it->second)}});
        }
      }
      if (const auto it = name_rows.find(record->name_normalised); it != name_rows.end()) {
        issues.push_back({"name",
                          std::string(kDuplicateInFile),
                          {"与第" + std::to_string(it->second) + "行的单位名称重复",
                           "Same name as row " + std::to_string(it->second)}});
      }
    }
    if (record && issues.empty()) {
      const auto same_name = by_name.find(record->name_normalised);
      const auto same_code =
          record->credit_code ? by_code.find(*record->credit_code) : by_code.end();
      if (same_code != by_code.end()) {
        auto& existing = known[same_code->second];
        if (existing.merged()) {
          issues.push_back({"credit_code",
                            std::string(kMerged),
                            {"该统一社会信用代码属于已合并的单位「" + existing.name + "」",
                             "This credit code belongs to " + existing.name +
                                 ", which was merged into another organisation"}});
        } else if (same_name != by_name.end() && same_name->second != same_code->second) {
          issues.push_back(duplicate_name(known[same_name->second]));
        } else if (existing.name == record->name && existing.region == record->region) {
          ++report.unchanged;
        } else {
          by_name.erase(existing.name_normalised);
          by_name[record->name_normalised] = same_code->second;
          existing.name = record->name;
          existing.name_normalised = record->name_normalised;
          existing.region = record->region;
          existing.updated_at = now;
          plan.operations.emplace_back(false, existing);
          ++report.updated;
        }
      } else if (same_name != by_name.end()) {
        issues.push_back(duplicate_name(known[same_name->second]));
      } else {
        record->id = identity::new_id(now);
        record->created_at = now;
        record->updated_at = now;
        record->created_by = account_of(actor);
        known.push_back(*record);
        if (record->credit_code) {
          by_code[*record->credit_code] = known.size() - 1;
        }
        by_name[record->name_normalised] = known.size() - 1;
        plan.operations.emplace_back(true, *record);
        ++report.created;
      }
    }
    if (!issues.empty()) {
      ++report.skipped;
      for (auto& issue : issues) {
        report.errors.push_back(
            {row.row, std::move(issue.field), std::move(issue.code), std::move(issue.message)});
      }
      continue;
    }
    if (record->credit_code) {
      code_rows.emplace(*record->credit_code, row.row);
    }
    name_rows.emplace(record->name_normalised, row.row);
  }
  return plan;
}

}  // namespace

OrganisationService::OrganisationService(std::shared_ptr<db::Database> db, const core::Clock& clock,
                                         AdminCheck authorize_admin, RegistryChain chain)
    : db_(std::move(db)),
      clock_(clock),
      authorize_admin_(std::move(authorize_admin)),
      chain_(std::move(chain)) {}

void OrganisationService::authorize_reader(const identity::Principal& caller,
                                           const tenancy::Tenant& tenant) const {
  if (caller.must_change_password) {
    throw AppError(ErrorKind::forbidden, "password_change_required",
                   {"请先修改初始密码。", "Please change your one-time password first."});
  }
  if (!caller.is_platform_admin && caller.realm != tenant.realm) {
    throw AppError(ErrorKind::unauthenticated, "unauthenticated",
                   {"请先登录。", "Please sign in."});
  }
}

void OrganisationService::require_admin(const identity::Principal& actor,
                                        const tenancy::Tenant& tenant) const {
  authorize_admin_(actor, tenant);
}

OrganisationRecord OrganisationService::validated(const tenancy::Tenant& tenant,
                                                  const OrganisationInput& input) const {
  std::vector<FieldIssue> issues;
  auto record = check_input(tenant.slug(), input, issues);
  if (!record) {
    throw invalid(std::move(issues));
  }
  return std::move(*record);
}

void OrganisationService::refuse_duplicates(soci::session& sql,
                                            const OrganisationRecord& record) const {
  std::vector<FieldIssue> issues;
  if (auto same = store_.find_by_name(sql, record.tenant, record.name_normalised);
      same && same->id != record.id) {
    issues.push_back(duplicate_name(*same));
  }
  if (record.credit_code) {
    if (auto same = store_.find_by_credit_code(sql, record.tenant, *record.credit_code);
        same && same->id != record.id) {
      issues.push_back(duplicate_credit_code(*same));
    }
  }
  if (!issues.empty()) {
    throw invalid(std::move(issues));
  }
}

void OrganisationService::audit(soci::session& tx, const identity::Principal& actor,
                                const tenancy::Tenant& tenant, const std::string& event,
                                const std::string& detail, const std::string& ip,
                                std::int64_t now) const {
  identity::AuditEvent e;
  e.at = now;
  e.event = event;
  e.realm = tenant.realm;
  e.tenant = tenant.slug();
  e.actor = account_of(actor);
  e.ip = ip;
  e.detail = detail;
  audit_.append(tx, e);
}

OrganisationPage OrganisationService::search(const identity::Principal& caller,
                                             const tenancy::Tenant& tenant,
                                             const OrganisationQuery& query) {
  authorize_reader(caller, tenant);
  OrganisationSearch search;
  search.tenants = chain_(tenant.slug());
  const std::string text = normalise_name(query.text);
  if (!text.empty()) {
    if (utf8_length(text).value_or(0) < kMinQueryChars) {
      throw invalid(
          {{"q", "too_short", {"请至少输入2个字符", "Enter at least 2 characters to search"}}});
    }
    search.name_part = text;
    if (ascii_alnum(text)) {
      search.credit_code_part = upper_ascii(text);
    }
  }
  const int size = std::clamp(query.page_size, 1, kMaxPageSize);
  const int page = std::max(query.page, 1);
  search.limit = size;
  search.offset = (page - 1) * size;
  OrganisationPage out;
  db_->run([&](soci::session& sql) {
    auto rows = store_.search(sql, search);
    out.items = std::move(rows.items);
    out.total = rows.total;
  });
  return out;
}

OrganisationLookup OrganisationService::get(const identity::Principal& caller,
                                            const tenancy::Tenant& tenant, const std::string& id) {
  authorize_reader(caller, tenant);
  OrganisationLookup out;
  db_->run([&](soci::session& sql) {
    for (const auto& registry : chain_(tenant.slug())) {
      auto found = store_.find(sql, registry, id);
      out.redirected = false;
      // Merging repoints earlier merges, so one step is the rule; a few more cost nothing.
      for (int hops = 0; found && found->merged() && found->merged_into && hops < 4; ++hops) {
        found = store_.find(sql, registry, *found->merged_into);
        out.redirected = true;
      }
      if (found && !found->merged()) {
        out.organisation = std::move(*found);
        return;
      }
    }
    throw not_found();
  });
  return out;
}

bool OrganisationService::exists(std::string_view tenant_slug, std::string_view id) {
  // Ids are ULIDs; anything longer cannot be one, and need not reach the database.
  if (id.empty() || id.size() > 26) {
    return false;
  }
  bool found = false;
  const std::string key(id);
  db_->run([&](soci::session& sql) {
    for (const auto& registry : chain_(tenant_slug)) {
      if (store_.find(sql, registry, key)) {
        found = true;
        return;
      }
    }
  });
  return found;
}

std::optional<std::string> OrganisationService::id_named(std::string_view tenant_slug,
                                                         const std::string& name) {
  const std::string normalised = normalise_name(name);
  if (normalised.empty()) {
    return std::nullopt;
  }
  std::optional<std::string> found;
  db_->run([&](soci::session& sql) {
    for (const auto& registry : chain_(tenant_slug)) {
      auto record = store_.find_by_name(sql, registry, normalised);
      // A merged name answers the organisation it became.
      if (record && record->merged() && record->merged_into) {
        record = store_.find(sql, registry, *record->merged_into);
      }
      if (record && !record->merged()) {
        found = record->id;
        return;
      }
    }
  });
  return found;
}

OrganisationRecord OrganisationService::create(const identity::Principal& actor,
                                               const tenancy::Tenant& tenant,
                                               const OrganisationInput& input,
                                               const std::string& ip) {
  require_admin(actor, tenant);
  auto record = validated(tenant, input);
  const auto now = clock_.now_ms();
  record.id = identity::new_id(now);
  record.created_at = now;
  record.updated_at = now;
  record.created_by = account_of(actor);
  db_->transaction([&](soci::session& tx) {
    refuse_duplicates(tx, record);
    store_.insert(tx, record);
    audit(tx, actor, tenant, "organisation_created", detail_of(record), ip, now);
  });
  return record;
}

OrganisationRecord OrganisationService::update(const identity::Principal& actor,
                                               const tenancy::Tenant& tenant, const std::string& id,
                                               const OrganisationInput& input,
                                               const std::string& ip) {
  require_admin(actor, tenant);
  auto record = validated(tenant, input);
  const auto now = clock_.now_ms();
  db_->transaction([&](soci::session& tx) {
    const auto existing = store_.find(tx, tenant.slug(), id);
    if (!existing) {
      throw not_found();
    }
    if (existing->merged()) {
      throw merged_conflict();
    }
    record.id = existing->id;
    record.status = existing->status;
    record.created_at = existing->created_at;
    record.created_by = existing->created_by;
    record.updated_at = now;
    refuse_duplicates(tx, record);
    store_.update(tx, record);
    audit(tx, actor, tenant, "organisation_updated", detail_of(record), ip, now);
  });
  return record;
}

OrganisationRecord OrganisationService::merge(const identity::Principal& actor,
                                              const tenancy::Tenant& tenant, const std::string& id,
                                              const std::string& into, const std::string& ip) {
  require_admin(actor, tenant);
  if (into.empty()) {
    throw invalid({{"into",
                    std::string(kRequired),
                    {"请选择要合并到的单位", "Choose the organisation to merge into"}}});
  }
  if (into == id) {
    throw invalid({{"into",
                    "same_organisation",
                    {"不能把单位合并到它自己", "An organisation cannot be merged into itself"}}});
  }
  const auto now = clock_.now_ms();
  OrganisationRecord survivor;
  db_->transaction([&](soci::session& tx) {
    auto merged = store_.find(tx, tenant.slug(), id);
    if (!merged) {
      throw not_found();
    }
    if (merged->merged()) {
      throw merged_conflict();
    }
    auto target = store_.find(tx, tenant.slug(), into);
    if (!target) {
      throw invalid({{"into",
                      "organisation_not_found",
                      {"找不到要合并到的单位", "The organisation to merge into does not exist"}}});
    }
    if (target->merged()) {
      throw invalid({{"into",
                      std::string(kMerged),
                      {"要合并到的单位本身已被合并", "That organisation was itself merged"}}});
    }
    // The survivor takes over a credit code it lacks; the code moves, since it is unique.
    if (merged->credit_code && !target->credit_code) {
      target->credit_code = std::exchange(merged->credit_code, std::nullopt);
      merged->updated_at = now;
      target->updated_at = now;
      store_.update(tx, *merged);
      store_.update(tx, *target);
    }
    store_.mark_merged(tx, merged->id, target->id, now);
    store_.repoint_merged(tx, tenant.slug(), merged->id, target->id, now);
    audit(tx, actor, tenant, "organisation_merged",
          nlohmann::json{{"organisation", merged->id},
                         {"name", merged->name},
                         {"into", target->id},
                         {"intoName", target->name}}
              .dump(),
          ip, now);
    survivor = std::move(*target);
  });
  return survivor;
}

ImportReport OrganisationService::import_rows(const identity::Principal& actor,
                                              const tenancy::Tenant& tenant,
                                              const std::vector<ImportRow>& rows, bool dry_run,
                                              const std::string& ip) {
  require_admin(actor, tenant);
  if (rows.empty()) {
    throw invalid({{"rows",
                    std::string(kRequired),
                    {"表格中没有数据行", "The sheet has no rows to import"}}});
  }
  if (rows.size() > kMaxImportRows) {
    throw invalid({{"rows",
                    "too_many_rows",
                    {"一次最多导入5000行，请分批导入",
                     "At most 5000 rows can be imported at once; split the sheet"}}});
  }
  const auto now = clock_.now_ms();
  ImportPlan plan;
  if (dry_run) {
    db_->run(
        [&](soci::session& sql) { plan = plan_import(store_, sql, actor, tenant, rows, now); });
    return std::move(plan.report);
  }
  db_->transaction([&](soci::session& tx) {
    plan = plan_import(store_, tx, actor, tenant, rows, now);
    for (const auto& [is_create, record] : plan.operations) {
      if (is_create) {
        store_.insert(tx, record);
      } else {
        store_.update(tx, record);
      }
    }
    const auto& r = plan.report;
    audit(tx, actor, tenant, "organisations_imported",
          nlohmann::json{{"rows", rows.size()},
                         {"created", r.created},
                         {"updated", r.updated},
                         {"unchanged", r.unchanged},
                         {"skipped", r.skipped}}
              .dump(),
          ip, now);
  });
  return std::move(plan.report);
}

std::optional<ImportReport> OrganisationService::seed(const tenancy::Tenant& tenant,
                                                      const std::vector<ImportRow>& rows) {
  identity::Principal platform;
  platform.is_platform_admin = true;
  const auto now = clock_.now_ms();
  std::optional<ImportReport> report;
  db_->transaction([&](soci::session& tx) {
    if (!store_.all(tx, tenant.slug()).empty()) {
      return;
    }
    ImportPlan plan = plan_import(store_, tx, platform, tenant, rows, now);
    // An empty registry has nothing to update: every operation creates.
    for (const auto& operation : plan.operations) {
      store_.insert(tx, operation.second);
    }
    const auto& r = plan.report;
    audit(tx, platform, tenant, "organisations_imported",
          nlohmann::json{{"rows", rows.size()},
                         {"created", r.created},
                         {"skipped", r.skipped},
                         {"source", "seed"}}
              .dump(),
          "", now);
    report = std::move(plan.report);
  });
  return report;
}

}  // namespace guildhall::organisations
