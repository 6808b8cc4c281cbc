#include "modules/members/member_service.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "forms/region_catalog.hpp"
#include "forms/value_json.hpp"
#include "modules/identity/principal.hpp"
#include "modules/identity/secrets.hpp"
#include "modules/profiles/profile_store.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::members {

using core::AppError;
using core::ErrorKind;

namespace {

constexpr long long kDayMs = 24LL * 3600 * 1000;
constexpr long long kUtcOffsetMs = 8LL * 3600 * 1000;  // mainland days

long long day_start(const forms::CivilDate& d) {
  using namespace std::chrono;
  const sys_days day{year{d.year} / month{static_cast<unsigned>(d.month)} /
                     std::chrono::day{static_cast<unsigned>(d.day)}};
  return duration_cast<milliseconds>(day.time_since_epoch()).count() - kUtcOffsetMs;
}

std::string text_of(const sdk::Value& values, std::string_view key) {
  const sdk::Value* v = values.find(key);
  return v != nullptr && v->is_string() ? v->as_string() : "";
}

AppError not_found() {
  return AppError(ErrorKind::not_found, "member_not_found", {"找不到该会员。", "No such member."});
}

}  // namespace

MemberService::MemberService(db::Database& database, const tenancy::TenantRegistry& registry,
                             const core::Clock& clock, MemberAccess access)
    : database_(database), registry_(registry), clock_(clock), access_(std::move(access)) {}

std::vector<std::string> MemberService::subtree(const tenancy::Tenant& tenant) const {
  return registry_.current()->subtree(tenant.slug());
}

void MemberService::authorize(const tenancy::Tenant& tenant, const identity::Principal& who) const {
  if (who.realm != tenant.realm || !access_.administers || !access_.administers(who, tenant)) {
    throw AppError(ErrorKind::forbidden, "admins_only",
                   {"只有本机构的管理员可以查看会员名单。",
                    "Only the organisation's admins see its members."});
  }
}

std::vector<MemberEntry> MemberService::entries(soci::session& sql,
                                                std::vector<workflow::MembershipRow> rows) const {
  const auto directory = registry_.current();
  const profiles::ProfileStore profiles;
  const long long now = clock_.now_ms();
  struct Account {
    sdk::Value profile{sdk::Value::Object{}};
    std::string status;
  };
  std::map<std::string, Account> accounts;
  std::map<std::string, std::string> employers;
  std::vector<MemberEntry> out;
  for (auto& m : rows) {
    auto [found, fresh] = accounts.try_emplace(m.account_id);
    if (fresh) {
      if (const auto row = profiles.find(sql, m.account_id)) {
        found->second.profile = forms::value_from_json(row->data_json);
      }
      found->second.status = store_.account_status(sql, m.account_id);
    }
    const sdk::Value& profile = found->second.profile;
    MemberEntry e;
    e.account_status = found->second.status;
    e.name = text_of(profile, "name");
    e.gender = text_of(profile, "gender");
    if (const sdk::Value* region = profile.find("region"); region && region->is_array()) {
      for (const auto& code : region->as_array()) {
        if (code.is_string()) {
          e.region.push_back(code.as_string());
        }
      }
      e.region_text = forms::RegionCatalog::mainland().describe(e.region);
    }
    e.employer = text_of(profile, "employer");
    // An employer typed by name, not in the registry (the form's freeTextWhen allowed it).
    if (const sdk::Value* typed = profile.find("employer");
        typed != nullptr && typed->is_object()) {
      e.employer_name = text_of(*typed, "name");
    }
    if (!e.employer.empty()) {
      auto [name, unseen] = employers.try_emplace(e.employer);
      if (unseen) {
        name->second = store_.organisation_name(sql, e.employer).value_or("");
      }
      e.employer_name = name->second;
    }
    if (const auto tenant = directory->find(m.tenant)) {
      e.tenant_name = tenant->config->name.zh_cn;
    }
    e.member_type_name = directory->member_type_name(m.tenant, m.member_type);
    // Nothing rewrites a membership whose term ran out, so the list says so itself.
    if (m.status == "active" && m.valid_until && *m.valid_until < now) {
      m.status = "expired";
    }
    e.dues_paid = store_.dues_paid(sql, m.id, std::stoi(core::mainland_date(now).substr(0, 4)));
    e.membership = std::move(m);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<MemberEntry> MemberService::matching(const tenancy::Tenant& tenant,
                                                 const MemberFilter& filter) const {
  // Whether an active membership has expired depends on the clock, not on the stored status.
  const bool by_term = filter.status == "active" || filter.status == "expired";
  MembershipQuery query{subtree(tenant), filter.member_type, by_term ? "" : filter.status,
                        std::nullopt, std::nullopt};
  if (filter.joined_from) {
    query.joined_from = day_start(*filter.joined_from);
  }
  if (filter.joined_to) {
    query.joined_to = day_start(*filter.joined_to) + kDayMs - 1;
  }
  std::vector<MemberEntry> all;
  database_.run([&](soci::session& sql) { all = entries(sql, store_.memberships(sql, query)); });
  std::erase_if(all, [&](const MemberEntry& e) {
    const bool q_ok = filter.q.empty() || e.name.find(filter.q) != std::string::npos ||
                      e.membership.member_number.starts_with(filter.q);
    const bool region_ok = filter.region.empty() || std::find(e.region.begin(), e.region.end(),
                                                              filter.region) != e.region.end();
    const bool employer_ok = filter.employer.empty() || e.employer == filter.employer;
    const bool status_ok = filter.status.empty() || e.membership.status == filter.status;
    return !(q_ok && region_ok && employer_ok && status_ok);
  });
  return all;
}

MemberPage MemberService::list(const tenancy::Tenant& tenant, const identity::Principal& who,
                               const MemberFilter& filter) const {
  authorize(tenant, who);
  auto all = matching(tenant, filter);
  MemberPage page;
  page.total = all.size();
  const auto size = static_cast<std::size_t>(std::clamp(filter.page_size, 1, 200));
  const auto first = static_cast<std::size_t>(std::max(filter.page, 1) - 1) * size;
  for (std::size_t i = first; i < all.size() && i < first + size; ++i) {
    page.items.push_back(std::move(all[i]));
  }
  return page;
}

std::vector<MemberEntry> MemberService::all(const tenancy::Tenant& tenant,
                                            const identity::Principal& who,
                                            MemberFilter filter) const {
  authorize(tenant, who);
  return matching(tenant, filter);
}

MemberRecord MemberService::member(const tenancy::Tenant& tenant, const identity::Principal& who,
                                   const std::string& account_id) const {
  authorize(tenant, who);
  const auto tenants = subtree(tenant);
  const auto here = [&](const std::string& slug) {
    return std::find(tenants.begin(), tenants.end(), slug) != tenants.end();
  };
  MemberRecord out;
  out.account_id = account_id;
  database_.run([&](soci::session& sql) {
    const workflow::ApplicationStore applications;
    auto memberships = applications.memberships_of(sql, account_id);
    std::erase_if(memberships, [&](const auto& m) { return !here(m.tenant); });
    out.memberships = entries(sql, std::move(memberships));
    for (auto& row : applications.of_account(sql, account_id)) {
      if (here(row.tenant) && row.status != "draft") {
        row.values_cipher.reset();
        auto events = applications.events(sql, row.id);
        out.applications.push_back({std::move(row), std::move(events)});
      }
    }
    out.violations = store_.violations(sql, account_id, tenants);
    if (const auto profile = profiles::ProfileStore{}.find(sql, account_id)) {
      out.name = text_of(forms::value_from_json(profile->data_json), "name");
    }
    out.account_status = store_.account_status(sql, account_id);
  });
  if (out.memberships.empty() && out.applications.empty()) {
    throw not_found();
  }
  return out;
}

MemberRecord MemberService::freeze(const tenancy::Tenant& tenant, const identity::Principal& who,
                                   const std::string& account_id, const std::string& reason,
                                   const std::string& ip) const {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw AppError(ErrorKind::validation, "form_invalid",
                   {"请检查标出的内容。", "Please check the marked fields."})
        .with_fields({{"reason",
                       "required",
                       {"请填写违规情况，将记入该会员的记录。",
                        "Describe the violation; it is recorded against the member."}}});
  }
  member(tenant, who, account_id);  // a member of this subtree, seen by one of its admins
  // Identity freezes the account (its own rules and audit entry); the record follows.
  access_.freeze_account(who, tenant, account_id, reason, ip);
  const long long now = clock_.now_ms();
  database_.transaction([&](soci::session& tx) {
    store_.add_violation(
        tx, {identity::new_id(now), tenant.slug(), account_id, reason, who.account_id, now});
    store_.freeze(tx, account_id, subtree(tenant), now);
  });
  return member(tenant, who, account_id);
}

MemberRecord MemberService::record_dues(const tenancy::Tenant& tenant,
                                        const identity::Principal& who,
                                        const std::string& membership_id) const {
  authorize(tenant, who);
  std::optional<workflow::MembershipRow> found;
  database_.run([&](soci::session& sql) {
    for (const auto& slug : subtree(tenant)) {
      for (auto& m : workflow::ApplicationStore{}.memberships_of_tenant(sql, slug, "", "", 0,
                                                                        9'000'000'000'000'000LL)) {
        if (m.id == membership_id) {
          found = std::move(m);
        }
      }
    }
  });
  if (!found) {
    throw AppError(ErrorKind::not_found, "membership_not_found",
                   {"未找到该会员资格。", "No such membership."});
  }
  const long long now = clock_.now_ms();
  database_.transaction([&](soci::session& tx) {
    store_.record_dues(tx, membership_id, std::stoi(core::mainland_date(now).substr(0, 4)),
                       who.account_id, now);
  });
  return member(tenant, who, found->account_id);
}

std::string MemberService::workbook_name(const tenancy::Tenant& tenant) const {
  return "会员名单-" + tenant.slug() + "-" + core::mainland_date(clock_.now_ms()) + ".xlsx";
}

}  // namespace guildhall::members
