#include "modules/workflow/workflow_service.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "documents/spreadsheet.hpp"
#include "forms/form_validator.hpp"
#include "forms/value_json.hpp"
#include "modules/identity/audit_store.hpp"
#include "modules/identity/principal.hpp"
#include "modules/identity/secrets.hpp"
#include "modules/profiles/form_service.hpp"
#include "modules/profiles/profile_service.hpp"
#include "modules/profiles/profile_store.hpp"
#include "modules/workflow/workflow_rules.hpp"
#include "plugin_host/guarded_plugin.hpp"
#include "privacy/field_cipher.hpp"
#include "privacy/masking.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::workflow {

using core::AppError;
using core::ErrorKind;

namespace {

constexpr std::string_view kValuesField = "applications.values";
constexpr std::string_view kDraft = "draft";
constexpr std::string_view kUnderReview = "under_review";
constexpr std::string_view kAwaitingStamp = "awaiting_stamp";
constexpr std::string_view kReturned = "returned";
constexpr std::string_view kApproved = "approved";
constexpr std::string_view kRejected = "rejected";
// Mainland time: deadlines end at midnight there.
constexpr long long kUtcOffsetMs = 8LL * 3600 * 1000;
constexpr long long kDayMs = 24LL * 3600 * 1000;

AppError not_found() {
  return AppError(ErrorKind::not_found, "application_not_found",
                  {"找不到该申请。", "No such application."});
}

AppError changed() {
  return AppError(ErrorKind::conflict, "application_changed",
                  {"该申请已被处理或已更新，请刷新后查看最新状态。",
                   "The application was acted on or changed meanwhile; reload to see its state."});
}

// The seed manuals' words for the states.
core::Message status_text(std::string_view status) {
  if (status == kUnderReview) {
    return {"申请中", "Under review"};
  }
  if (status == kApproved) {
    return {"审批通过", "Approved"};
  }
  if (status == kRejected) {
    return {"审批不通过", "Not approved"};
  }
  if (status == kReturned) {
    return {"退回修改", "Returned for correction"};
  }
  if (status == kAwaitingStamp) {
    return {"待提交盖章文件", "Stamped form needed"};
  }
  return {"草稿", "Draft"};
}

// What the applicant may still change and submit: a draft, and one sent back or not approved,
// which the seed manuals let the applicant correct and submit again.
bool editable(std::string_view status) {
  return status == kDraft || status == kReturned || status == kRejected;
}

// The one transition that beat ours in a race, found after our transaction rolled back.
struct Superseded {};

std::string action_name(Decision d) {
  switch (d) {
    case Decision::approve:
      return "approve";
    case Decision::reject:
      return "reject";
    case Decision::send_back:
      return "return";
  }
  return "approve";
}

// The last epoch millisecond of mainland day `date`, so that the day shows as itself.
long long end_of_day(const forms::CivilDate& date) {
  using namespace std::chrono;
  const sys_days day{year{date.year} / month{static_cast<unsigned>(date.month)} /
                     std::chrono::day{static_cast<unsigned>(date.day)}};
  return duration_cast<milliseconds>(day.time_since_epoch()).count() + kDayMs - kUtcOffsetMs - 1;
}

// The mainland day in which the epoch milliseconds `ms` fall.
forms::CivilDate mainland_day(long long ms) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(sys_time<milliseconds>(milliseconds(ms + kUtcOffsetMs)))};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

bool filled(const sdk::Value& values, const std::string& field) {
  const sdk::Value* value = values.find(field);
  return value != nullptr && !value->is_null() &&
         !(value->is_array() && value->as_array().empty()) &&
         !(value->is_string() && value->as_string().empty());
}

// The institutions an application's values name under `rule`, in the order of its fields.
std::vector<std::string> named_institutions(const tenancy::InstitutionsRule& rule,
                                            const sdk::Value& values) {
  std::vector<std::string> named;
  for (const auto& entry : rule.fields) {
    const sdk::Value* value = values.find(entry.field);
    if (value == nullptr) {
      continue;
    }
    if (!entry.institution.empty()) {
      if (value->is_bool() && value->as_bool()) {
        named.push_back(entry.institution);
      }
    } else if (value->is_string() && !value->as_string().empty()) {
      named.push_back(value->as_string());
    } else if (value->is_array()) {
      for (const auto& item : value->as_array()) {
        if (item.is_string()) {
          named.push_back(item.as_string());
        }
      }
    }
  }
  return named;
}

// The label of the option `key` among the fields of `form` (its dictionaries from `owner`).
std::optional<core::LocalizedText> option_label(const forms::FormDefinition& form,
                                                const tenancy::Tenant* owner,
                                                const std::string& key) {
  const forms::Dictionaries* dictionaries = owner ? &owner->config->dictionaries : nullptr;
  for (const auto& section : form.sections) {
    for (const auto& field : section.fields) {
      const std::vector<forms::Option>* options = &field.options;
      if (field.dictionary && dictionaries != nullptr) {
        const auto it = dictionaries->find(*field.dictionary);
        options = it != dictionaries->end() ? &it->second : options;
      }
      for (const auto& option : *options) {
        if (option.value == key) {
          return option.label;
        }
      }
    }
  }
  return std::nullopt;
}

// An institution's name: its tenant's when the realm hosts it, else the label of the option that
// names it in `form` (as `row`'s tenant sees it), or in another form of the tenant or its
// ancestors (a branch's own membership form names its committees), else its key.
core::LocalizedText institution_name(const tenancy::TenantDirectory& directory,
                                     const ApplicationRow& row, const std::string& form_key,
                                     const std::string& key) {
  if (const auto hosted = directory.find(key); hosted && hosted->realm == row.realm) {
    return hosted->config->name;
  }
  if (const auto form = directory.find_form(row.tenant, form_key); form.form != nullptr) {
    if (auto label = option_label(*form.form, form.owner.get(), key)) {
      return *label;
    }
  }
  for (const auto& slug : directory.lineage(row.tenant)) {
    const auto tenant = directory.find(slug);
    for (const auto& form : tenant->config->forms) {
      if (auto label = option_label(*form, tenant.get(), key)) {
        return *label;
      }
    }
  }
  core::LocalizedText name;
  name.zh_cn = key;
  return name;
}

}  // namespace

WorkflowService::WorkflowService(db::Database& database, const tenancy::TenantRegistry& registry,
                                 const profiles::FormService& forms,
                                 std::shared_ptr<const privacy::KeyRing> keys,
                                 const core::Clock& clock, WorkflowAccess access)
    : database_(database),
      registry_(registry),
      forms_(forms),
      keys_(std::move(keys)),
      clock_(clock),
      access_(std::move(access)) {}

WorkflowService::~WorkflowService() = default;

const tenancy::WorkflowConfig& WorkflowService::workflow_of(const tenancy::Tenant& tenant) const {
  const auto use = registry_.current()->find_workflow(tenant.slug());
  if (use.workflow == nullptr) {
    throw AppError(ErrorKind::not_found, "application_kind_not_found",
                   {"该机构不受理此类申请。", "This organisation offers no such application."});
  }
  return *use.workflow;
}

std::vector<const tenancy::ApplicationKind*> WorkflowService::kinds(
    const tenancy::Tenant& tenant) const {
  std::vector<const tenancy::ApplicationKind*> out;
  const auto use = registry_.current()->find_workflow(tenant.slug());
  if (use.workflow != nullptr) {
    for (const auto& kind : use.workflow->applications) {
      out.push_back(&kind);
    }
  }
  return out;
}

const tenancy::ApplicationKind& WorkflowService::kind_of(const tenancy::Tenant& tenant,
                                                         const std::string& key) const {
  const tenancy::ApplicationKind* kind = workflow_of(tenant).find(key);
  if (kind == nullptr) {
    throw AppError(ErrorKind::not_found, "application_kind_not_found",
                   {"该机构不受理此类申请。", "This organisation offers no such application."});
  }
  return *kind;
}

sdk::Value WorkflowService::values_of(const ApplicationRow& row) const {
  return keep_protected(row, forms::value_from_json(row.values_json));
}

// Protected values (ID numbers, mobiles) go into the ciphertext bound to the application.
void WorkflowService::store_values(const tenancy::Tenant& tenant, ApplicationRow& row,
                                   const sdk::Value& values) const {
  const auto use = forms_.resolve(tenant, kind_of(tenant, row.kind).form);
  sdk::Value plain = sdk::Value::Object{};
  sdk::Value hidden = sdk::Value::Object{};
  for (const auto& [key, value] : values.as_object()) {
    const forms::Field* field = use.form->find(key);
    if (field == nullptr) {
      continue;
    }
    (forms::is_protected(field->type) ? hidden : plain).as_object().emplace_back(key, value);
  }
  row.values_json = forms::value_to_json(plain);
  if (hidden.as_object().empty()) {
    row.values_cipher.reset();
  } else {
    const privacy::FieldCipher cipher(keys_);
    row.values_cipher = cipher.encrypt(forms::value_to_json(hidden), kValuesField, row.id);
  }
}

sdk::Value WorkflowService::keep_protected(const ApplicationRow& row,
                                           const sdk::Value& values) const {
  sdk::Value out = values;
  if (!row.values_cipher) {
    return out;
  }
  const privacy::FieldCipher cipher(keys_);
  const sdk::Value hidden =
      forms::value_from_json(cipher.decrypt(*row.values_cipher, kValuesField, row.id));
  for (const auto& [key, value] : hidden.as_object()) {
    if (out.find(key) == nullptr) {
      out.as_object().emplace_back(key, value);
    }
  }
  return out;
}

ApplicationView WorkflowService::view(const ApplicationRow& row, bool with_events,
                                      bool for_reviewer) const {
  ApplicationView out;
  out.row = row;
  out.row.values_cipher.reset();
  out.values = forms::value_from_json(row.values_json);
  // Who applies, for the queues: the application's own name, else the profile's (an upgrade's
  // form does not ask it again).
  if (const sdk::Value* name = out.values.find("name"); name && name->is_string()) {
    out.applicant_name = name->as_string();
  } else {
    database_.run([&](soci::session& sql) {
      if (const auto profile = profiles::ProfileStore{}.find(sql, row.account_id)) {
        const sdk::Value values = forms::value_from_json(profile->data_json);
        if (const sdk::Value* saved = values.find("name"); saved && saved->is_string()) {
          out.applicant_name = saved->as_string();
        }
      }
    });
  }
  const auto directory = registry_.current();
  const auto use = directory->find_workflow(row.tenant);
  const tenancy::ApplicationKind* kind = use.workflow ? use.workflow->find(row.kind) : nullptr;
  if (row.institution && kind != nullptr) {
    out.institution_name = institution_name(*directory, row, kind->form, *row.institution);
  }
  if (kind != nullptr && kind->institutions) {
    for (const auto& key : named_institutions(*kind->institutions, out.values)) {
      out.institutions.emplace_back(key, institution_name(*directory, row, kind->form, key));
    }
  }
  if (kind != nullptr && row.step_key) {
    for (const auto& step : kind->steps) {
      if (step.key == *row.step_key) {
        out.step_title = step.title;
      }
    }
  }
  if (row.values_cipher) {
    const forms::FormDefinition* form =
        kind != nullptr ? directory->find_form(row.tenant, kind->form).form : nullptr;
    const privacy::FieldCipher cipher(keys_);
    const sdk::Value hidden =
        forms::value_from_json(cipher.decrypt(*row.values_cipher, kValuesField, row.id));
    for (const auto& [key, value] : hidden.as_object()) {
      const forms::Field* field = form != nullptr ? form->find(key) : nullptr;
      if (value.is_string() && field != nullptr) {
        out.masked[key] = profiles::masked_text(field->type, value.as_string());
      }
    }
  }
  if (with_events) {
    database_.run([&](soci::session& sql) {
      out.events = store_.events(sql, row.id);
      if (row.status == kApproved) {
        for (auto& m : store_.memberships_of(sql, row.account_id)) {
          if (m.application_id == row.id) {
            out.membership = std::move(m);
          }
        }
      }
      if (for_reviewer) {
        const profiles::ProfileStore profiles;
        for (auto& c : store_.comments(sql, row.id)) {
          CommentView comment{std::move(c), ""};
          if (const auto author = profiles.find(sql, comment.row.author)) {
            const sdk::Value values = forms::value_from_json(author->data_json);
            if (const sdk::Value* name = values.find("name"); name && name->is_string()) {
              comment.author_name = name->as_string();
            }
          }
          out.comments.push_back(std::move(comment));
        }
      }
    });
  }
  return out;
}

ApplicationView WorkflowService::create(const tenancy::Tenant& tenant,
                                        const identity::Principal& who, const std::string& kind,
                                        const sdk::Value& values) const {
  if (who.realm != tenant.realm) {
    throw not_found();
  }
  const tenancy::ApplicationKind& offered = kind_of(tenant, kind);
  if (offered.effect == tenancy::ApprovalEffect::join_institution) {
    throw AppError(
        ErrorKind::conflict, "opened_by_association",
        {"专委会、省市协会和青年理事会的审核在入会申请审批通过后自动开始，无需单独申请。",
         "Committees and other institutions review you once your membership "
         "application is approved; there is nothing to start here."});
  }
  if (!values.is_object()) {
    throw AppError(ErrorKind::validation, "invalid_json",
                   {"提交的数据格式不正确。", "The submitted values must be an object."});
  }
  const bool change_request = offered.effect == tenancy::ApprovalEffect::apply_profile_changes;
  database_.run([&](soci::session& sql) {
    // One draft per kind: a second "start" continues the first rather than scattering copies.
    for (const auto& other : store_.of_account(sql, who.account_id)) {
      if (other.tenant == tenant.slug() && other.kind == kind && other.status == kDraft) {
        throw AppError(ErrorKind::conflict, "draft_exists",
                       {"您已有一份未提交的同类申请，请在“我的申请”中继续填写。",
                        "You already have an unsubmitted application of this kind; continue it "
                        "under My applications."});
      }
      // One activation at a time: the roster's member stays pending until it is approved.
      if (offered.effect == tenancy::ApprovalEffect::activate_membership &&
          other.tenant == tenant.slug() && other.kind == kind &&
          (other.status == kUnderReview || other.status == kAwaitingStamp)) {
        throw AppError(ErrorKind::conflict, "activation_under_review",
                       {"您的会员激活申请正在审核中，请在“资料申请变更记录”中查看审核状态。",
                        "Your activation is under review; follow it under the change records."});
      }
    }
    // Joining twice makes no sense: an active member applies for an upgrade or a change.
    if (offered.effect == tenancy::ApprovalEffect::create_membership ||
        offered.effect == tenancy::ApprovalEffect::activate_membership) {
      for (const auto& m : store_.memberships_of(sql, who.account_id)) {
        if (m.tenant == tenant.slug() && m.status == "active") {
          throw AppError(ErrorKind::conflict, "already_member",
                         {"您已是本机构的会员，无需再次申请入会。",
                          "You are already a member of this organisation."});
        }
      }
    }
  });
  const bool activation = offered.effect == tenancy::ApprovalEffect::activate_membership;
  if (activation &&
      !(access_.legacy_pending && access_.legacy_pending(who.account_id, tenant.slug()))) {
    throw AppError(
        ErrorKind::conflict, "legacy_member_unknown",
        {"原会员名单中没有与您的手机号对应的会员，或已激活。如您是原会员，请使用原会员系统"
         "登记的手机号登录；否则请申请入会。",
         "The old roster has no member with your mobile number, or they activated "
         "already. Legacy members sign in with the number the old system knew; "
         "others apply to join."});
  }
  if (offered.effect == tenancy::ApprovalEffect::change_member_type ||
      offered.effect == tenancy::ApprovalEffect::apply_profile_changes) {
    // The seed manuals open change requests and upgrades to members whose application was
    // approved or whose old membership was activated only.
    database_.run([&](soci::session& sql) {
      const auto memberships = store_.memberships_of(sql, who.account_id);
      if (std::none_of(memberships.begin(), memberships.end(), [&](const MembershipRow& m) {
            return m.realm == tenant.realm && m.status == "active";
          })) {
        throw AppError(
            ErrorKind::conflict, "membership_required",
            {"资料变更和会员升级仅对会员申请已审批通过、或原会员身份已激活成功的会员开放。",
             "Only members whose application was approved, or whose old membership "
             "was activated, can request changes or upgrades."});
      }
    });
  }
  ApplicationRow row;
  row.created_at = clock_.now_ms();
  row.updated_at = row.created_at;
  row.id = identity::new_id(row.created_at);
  row.tenant = tenant.slug();
  row.realm = tenant.realm;
  row.account_id = who.account_id;
  row.kind = kind;
  row.status = kDraft;
  row.version = 1;
  // The browser only ever sees protected values masked, so the server copies them in; a change
  // request starts from the whole profile.
  sdk::Value start = values;
  if (access_.profile_values) {
    const auto use = forms_.resolve(tenant, offered.form);
    const sdk::Value from_profile = access_.profile_values(who.account_id);
    for (const auto& [key, value] : from_profile.as_object()) {
      const forms::Field* field = use.form->find(key);
      if (field == nullptr || !(change_request || forms::is_protected(field->type))) {
        continue;
      }
      const sdk::Value* given = start.find(key);
      if (given == nullptr || given->is_null() ||
          (given->is_string() && given->as_string().empty())) {
        std::erase_if(start.as_object(), [&key](const auto& m) { return m.first == key; });
        start.as_object().emplace_back(key, value);
      }
    }
  }
  // An activation starts from what the old roster knew, where the profile has nothing.
  if (activation && access_.legacy_values) {
    const auto use = forms_.resolve(tenant, offered.form);
    const sdk::Value roster = access_.legacy_values(who.account_id, tenant.slug());
    for (const auto& [key, value] : roster.as_object()) {
      const sdk::Value* given = start.find(key);
      if (use.form->find(key) != nullptr && (given == nullptr || given->is_null() ||
                                             (given->is_string() && given->as_string().empty()))) {
        std::erase_if(start.as_object(), [&key](const auto& m) { return m.first == key; });
        start.as_object().emplace_back(key, value);
      }
    }
  }
  store_values(tenant, row, start);
  database_.transaction([&](soci::session& tx) { store_.insert(tx, row); });
  return view(row, false);
}

ApplicationView WorkflowService::save_draft(const tenancy::Tenant& tenant,
                                            const identity::Principal& who, const std::string& id,
                                            const sdk::Value& values, long long version) const {
  if (!values.is_object()) {
    throw AppError(ErrorKind::validation, "invalid_json",
                   {"提交的数据格式不正确。", "The submitted values must be an object."});
  }
  ApplicationRow row;
  database_.transaction([&](soci::session& tx) {
    auto found = store_.find(tx, id);
    if (!found || found->account_id != who.account_id || found->tenant != tenant.slug()) {
      throw not_found();
    }
    row = std::move(*found);
    if (!editable(row.status)) {
      throw AppError(ErrorKind::conflict, "application_under_review",
                     {"该申请正在审核或已审批通过，不能修改。",
                      "An application under review or approved cannot change."});
    }
    if (row.version != version) {
      throw changed();
    }
    store_values(tenant, row, keep_protected(row, values));
    row.version += 1;
    row.updated_at = clock_.now_ms();
    if (!store_.replace_if_version(tx, row, version)) {
      throw changed();
    }
  });
  return view(row, false);
}

ApplicationView WorkflowService::submit(const tenancy::Tenant& tenant,
                                        const identity::Principal& who, const std::string& id,
                                        long long version) const {
  ApplicationRow row;
  database_.run([&](soci::session& sql) {
    auto found = store_.find(sql, id);
    if (!found || found->account_id != who.account_id || found->tenant != tenant.slug()) {
      throw not_found();
    }
    row = std::move(*found);
  });
  if (!editable(row.status)) {
    if ((row.status == kUnderReview || row.status == kApproved || row.status == kAwaitingStamp) &&
        row.version == version + 1) {
      return view(row, true);  // the same submission, sent again
    }
    throw changed();
  }
  const auto& kind = kind_of(tenant, row.kind);
  const auto checked = forms_.check(tenant, kind.form, values_of(row), who.account_id);
  if (!checked.ok()) {
    throw profiles::FormService::invalid(checked);
  }
  const auto use = forms_.resolve(tenant, kind.form);
  const forms::CivilDate today = forms_.today();
  const bool change_request = kind.effect == tenancy::ApprovalEffect::apply_profile_changes;

  // A change request is what differs from the profile now; only those fields lock, and a change
  // of the kind's contact fields alone needs no reviewer.
  std::vector<std::string> changed_fields;
  if (change_request) {
    const sdk::Value profile =
        access_.profile_values ? access_.profile_values(row.account_id) : sdk::Value::Object{};
    row.changes_json = changes_of(*use.form, checked.values, profile, changed_fields);
    if (changed_fields.empty()) {
      throw AppError(ErrorKind::validation, "no_changes",
                     {"您没有修改任何资料，无需提交变更申请。",
                      "Nothing differs from your profile; there is no change to submit."});
    }
  }
  const bool automatic =
      change_request && !kind.auto_approve_fields.empty() &&
      std::all_of(changed_fields.begin(), changed_fields.end(), [&](const std::string& key) {
        return std::find(kind.auto_approve_fields.begin(), kind.auto_approve_fields.end(), key) !=
               kind.auto_approve_fields.end();
      });
  if (automatic) {
    return approve_on_submit(tenant, who, kind, row, checked.values, version, today);
  }

  const ReviewStart start = first_step(tenant, kind, *use.form, checked.values, today);
  std::vector<std::string> covered = changed_fields;
  if (!change_request) {
    for (const auto& [key, value] : checked.values.as_object()) {
      covered.push_back(key);
    }
  }
  // The manuals' paper step: the application is in, the stamped form follows (submit_stamp).
  const bool awaiting_stamp = !kind.stamp.empty() && !filled(checked.values, kind.stamp);
  const std::string from = row.status;
  const long long now = clock_.now_ms();
  store_values(tenant, row, checked.values);
  if (awaiting_stamp) {
    row.status = kAwaitingStamp;
    row.step_key.reset();
    row.step_reviewer.reset();
    row.due_at.reset();
  } else {
    enter_review(tenant, row, start, today);
  }
  row.reminder_stage = 0;
  row.reason.reset();
  row.version = version + 1;
  row.submitted_at = now;
  row.updated_at = now;
  database_.transaction([&](soci::session& tx) {
    if (!store_.replace_if_version(tx, row, version)) {
      throw changed();
    }
    store_.add_event(tx, {identity::new_id(now), row.id, now, who.account_id, "submit", from,
                          row.status, row.step_key, version, std::nullopt});
    // Entered once, reused: a membership application's personal details become the profile.
    if ((kind.effect == tenancy::ApprovalEffect::create_membership ||
         kind.effect == tenancy::ApprovalEffect::activate_membership) &&
        access_.adopt_into_profile) {
      access_.adopt_into_profile(tx, tenant, row.account_id, checked.values, row.id, now);
    }
    profiles::ProfileStore{}.lock(tx, row.account_id, covered, row.id, now);
    tell(tx, tenant, row, kind,
         awaiting_stamp
             ? core::Message{"会员申请提交成功，请返回并提交盖章文件：下载申请表，由单位盖章后扫描"
                             "上传。",
                             "Your application is in. Now download the application form, have "
                             "it stamped and upload the scan."}
             : core::Message{"申请已提交，进入审核阶段，审核期间个人信息不可修改。",
                             "Submitted for review; your details cannot change until the review "
                             "ends."},
         now);
  });
  return view(row, true);
}

WorkflowService::ReviewStart WorkflowService::first_step(const tenancy::Tenant& tenant,
                                                         const tenancy::ApplicationKind& kind,
                                                         const forms::FormDefinition& form,
                                                         const sdk::Value& values,
                                                         const forms::CivilDate& today) const {
  // The first step whose condition holds; a named step needs an account the realm knows.
  const tenancy::ReviewStep* step = nullptr;
  for (const auto& s : kind.steps) {
    if (!s.when || forms::condition_holds(form, *s.when, values, today)) {
      step = &s;
      break;
    }
  }
  if (step == nullptr) {
    throw AppError(ErrorKind::conflict, "no_review_step",
                   {"该申请没有可用的审核步骤，请联系协会。",
                    "No review step applies to this application; contact the association."});
  }
  std::optional<std::string> reviewer;
  if (step->reviewer == tenancy::ReviewerKind::named) {
    const sdk::Value* named = values.find(step->named_by);
    if (named == nullptr || !named->is_string() || !access_.account_in_realm ||
        !access_.account_in_realm(tenant.realm, named->as_string())) {
      throw AppError(ErrorKind::validation, "form_invalid",
                     {"请检查标出的内容。", "Please check the marked fields."})
          .with_fields({{step->named_by,
                         "reviewer_unknown",
                         {"找不到该推荐人，请从名录中选择。",
                          "No such recommender; choose one from the list."}}});
    }
    reviewer = named->as_string();
  }
  return {step, reviewer};
}

void WorkflowService::enter_review(const tenancy::Tenant& tenant, ApplicationRow& row,
                                   const ReviewStart& start, const forms::CivilDate& today) const {
  row.status = kUnderReview;
  row.step_key = start.step->key;
  row.step_reviewer = start.reviewer;
  const auto& workflow = workflow_of(tenant);
  row.due_at = end_of_day(add_working_days(today, workflow.deadline_working_days, workflow));
}

ApplicationView WorkflowService::submit_stamp(const tenancy::Tenant& tenant,
                                              const identity::Principal& who, const std::string& id,
                                              const sdk::Value& files, long long version) const {
  ApplicationRow row;
  database_.run([&](soci::session& sql) {
    auto found = store_.find(sql, id);
    if (!found || found->account_id != who.account_id || found->tenant != tenant.slug()) {
      throw not_found();
    }
    row = std::move(*found);
  });
  if (row.status != kAwaitingStamp) {
    if (row.status != kDraft && row.version == version + 1) {
      return view(row, true);  // the same upload, sent again
    }
    throw AppError(
        ErrorKind::conflict, "not_awaiting_stamp",
        {"该申请当前不需要提交盖章文件。", "This application is not waiting for a stamped form."});
  }
  if (row.version != version) {
    throw changed();
  }
  const auto& kind = kind_of(tenant, row.kind);
  sdk::Value values = values_of(row);
  std::erase_if(values.as_object(), [&](const auto& m) { return m.first == kind.stamp; });
  values.as_object().emplace_back(kind.stamp, files);
  const auto checked = forms_.check(tenant, kind.form, values, who.account_id);
  if (!checked.ok()) {
    throw profiles::FormService::invalid(checked);
  }
  if (!filled(checked.values, kind.stamp)) {
    throw AppError(ErrorKind::validation, "form_invalid",
                   {"请检查标出的内容。", "Please check the marked fields."})
        .with_fields({{kind.stamp,
                       "required",
                       {"请上传盖章的申请表扫描件。", "Upload the scan of the stamped form."}}});
  }
  const auto use = forms_.resolve(tenant, kind.form);
  const forms::CivilDate today = forms_.today();
  const ReviewStart start = first_step(tenant, kind, *use.form, checked.values, today);
  const long long now = clock_.now_ms();
  store_values(tenant, row, checked.values);
  enter_review(tenant, row, start, today);
  row.reminder_stage = 0;
  row.version = version + 1;
  row.updated_at = now;
  database_.transaction([&](soci::session& tx) {
    if (!store_.replace_if_version(tx, row, version)) {
      throw changed();
    }
    store_.add_event(
        tx, {identity::new_id(now), row.id, now, who.account_id, "stamp",
             std::string(kAwaitingStamp), row.status, row.step_key, version, std::nullopt});
    profiles::ProfileStore{}.lock(tx, row.account_id, {kind.stamp}, row.id, now);
    tell(tx, tenant, row, kind,
         {"盖章文件已提交，申请进入审核阶段，审核周期一般为" +
              std::to_string(workflow_of(tenant).deadline_working_days) + "个工作日。",
          "The stamped form is in and the application is under review."},
         now);
  });
  return view(row, true);
}

ApplicationView WorkflowService::approve_on_submit(const tenancy::Tenant& tenant,
                                                   const identity::Principal& who,
                                                   const tenancy::ApplicationKind& kind,
                                                   ApplicationRow row, const sdk::Value& values,
                                                   long long version,
                                                   const forms::CivilDate& today) const {
  const std::string from = row.status;
  const long long now = clock_.now_ms();
  store_values(tenant, row, values);
  row.status = kApproved;
  row.step_key.reset();
  row.step_reviewer.reset();
  row.reason.reset();
  row.due_at.reset();
  row.version = version + 1;
  row.submitted_at = now;
  row.decided_at = now;
  row.updated_at = now;
  database_.transaction([&](soci::session& tx) {
    if (!store_.replace_if_version(tx, row, version)) {
      throw changed();
    }
    store_.add_event(tx, {identity::new_id(now), row.id, now, who.account_id, "auto_approve", from,
                          row.status, std::nullopt, version, std::nullopt});
    tell(tx, tenant, row, kind,
         apply_effect(tx, tenant, workflow_of(tenant), kind, row, values, today, std::nullopt, now),
         now);
  });
  ApplicationView out = view(row, true);
  tell_plugin(tenant, kind, out, values);
  return out;
}

void WorkflowService::tell_plugin(const tenancy::Tenant& tenant,
                                  const tenancy::ApplicationKind& kind, const ApplicationView& view,
                                  const sdk::Value& values) const {
  if (!tenant.plugin || (view.row.status != kApproved && view.row.status != kRejected)) {
    return;
  }
  sdk::DecisionContext context;
  context.tenant_slug = tenant.slug();
  context.realm_slug = tenant.realm;
  context.application_kind = kind.key;
  if (const sdk::Value* type = values.find("member_type"); type && type->is_string()) {
    context.member_type = type->as_string();
  }
  context.application_id = view.row.id;
  context.account_id = view.row.account_id;
  context.outcome = std::string(view.row.status);
  context.member_number = view.membership ? view.membership->member_number : "";
  // The decision is committed: what the plugin does with it cannot undo it.
  try {
    tenant.plugin->after_decision(context, values);
  } catch (const std::exception& e) {
    spdlog::warn("after_decision of tenant {} failed for application {}: {}", tenant.slug(),
                 view.row.id, e.what());
  }
}

bool WorkflowService::may_act(const identity::Principal& who, const tenancy::Tenant& tenant,
                              const ApplicationRow& row) const {
  if (row.status != kUnderReview || !row.step_key || who.realm != tenant.realm) {
    return false;
  }
  const tenancy::ApplicationKind* kind = workflow_of(tenant).find(row.kind);
  if (kind == nullptr) {
    return false;
  }
  const auto step =
      std::find_if(kind->steps.begin(), kind->steps.end(),
                   [&](const tenancy::ReviewStep& s) { return s.key == *row.step_key; });
  if (step == kind->steps.end()) {
    return false;
  }
  switch (step->reviewer) {
    case tenancy::ReviewerKind::named:
      return row.step_reviewer == who.account_id;
    case tenancy::ReviewerKind::reviewer:
      return who.holds(identity::Role::reviewer, tenant.slug());
    case tenancy::ReviewerKind::tenant_admin:
      return access_.administers(who, tenant);
    case tenancy::ReviewerKind::parent_admin: {
      const auto parent = registry_.current()->find(tenant.config->parent);
      return parent && access_.administers(who, *parent);
    }
  }
  return false;
}

ApplicationView WorkflowService::decide(const tenancy::Tenant& tenant,
                                        const identity::Principal& who, const std::string& id,
                                        const DecisionInput& input) const {
  const bool needs_reason = input.action != Decision::approve;
  if (needs_reason && input.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw AppError(ErrorKind::validation, "form_invalid",
                   {"请检查标出的内容。", "Please check the marked fields."})
        .with_fields(
            {{"reason",
              "required",
              {"请填写原因，申请人将看到它。", "Give a reason; the applicant will see it."}}});
  }
  const std::string action = action_name(input.action);
  try {
    ApplicationRow row;
    // The body reads everything it decides on, so running it again after a deadlock is safe.
    database_.repeatable_transaction([&](soci::session& tx) {
      auto found = store_.find(tx, id);
      if (!found || found->tenant != tenant.slug()) {
        throw not_found();
      }
      row = std::move(*found);
      if (!may_act(who, tenant, row)) {
        if (row.status != kUnderReview || row.version != input.version) {
          throw Superseded{};
        }
        throw AppError(ErrorKind::forbidden, "not_your_step",
                       {"您不是当前审核步骤的审核人。", "You do not review this step."});
      }
      if (row.version != input.version) {
        throw Superseded{};
      }
      const auto& workflow = workflow_of(tenant);
      const auto& kind = kind_of(tenant, row.kind);
      const std::string from = row.status;
      const std::optional<std::string> step_key = row.step_key;
      const long long now = clock_.now_ms();
      const forms::CivilDate today = forms_.today();
      const sdk::Value values = values_of(row);
      if (input.action == Decision::approve) {
        const auto use = forms_.resolve(tenant, kind.form);
        auto it = std::find_if(kind.steps.begin(), kind.steps.end(),
                               [&](const tenancy::ReviewStep& s) { return s.key == *step_key; });
        const tenancy::ReviewStep* next = nullptr;
        for (++it; it != kind.steps.end(); ++it) {
          if (!it->when || forms::condition_holds(*use.form, *it->when, values, today)) {
            next = &*it;
            break;
          }
        }
        if (next != nullptr) {
          row.step_key = next->key;
          row.step_reviewer.reset();
          if (next->reviewer == tenancy::ReviewerKind::named) {
            const sdk::Value* named = values.find(next->named_by);
            if (named != nullptr && named->is_string()) {
              row.step_reviewer = named->as_string();
            }
          }
        } else {
          row.status = kApproved;
          row.step_key.reset();
          row.step_reviewer.reset();
          row.decided_at = now;
        }
      } else {
        row.status = input.action == Decision::reject ? kRejected : kReturned;
        row.step_key.reset();
        row.step_reviewer.reset();
        row.reason = input.reason;
        row.decided_at = now;
      }
      row.version = input.version + 1;
      row.updated_at = now;
      if (!store_.replace_if_version(tx, row, input.version)) {
        throw Superseded{};
      }
      store_.add_event(
          tx, {identity::new_id(now), row.id, now, who.account_id, action, from, row.status,
               step_key, input.version, needs_reason ? std::optional(input.reason) : std::nullopt});
      if (row.status == kUnderReview) {
        return;
      }
      profiles::ProfileStore{}.unlock(tx, row.account_id, row.id);
      if (row.status == kApproved) {
        tell(tx, tenant, row, kind,
             apply_effect(tx, tenant, workflow, kind, row, values, today, who.account_id, now),
             now);
      } else if (row.status == kRejected) {
        tell(tx, tenant, row, kind,
             {"审批不通过，原因：" + input.reason + "。您可以修改后重新提交。",
              "Not approved. Reason: " + input.reason + ". You may correct it and submit again."},
             now);
      } else {
        tell(
            tx, tenant, row, kind,
            {"申请被退回修改，原因：" + input.reason + "。请修改后重新提交。",
             "Returned for correction. Reason: " + input.reason + ". Please correct and resubmit."},
            now);
      }
    });
    ApplicationView out = view(row, true);
    tell_plugin(tenant, kind_of(tenant, row.kind), out, values_of(row));
    return out;
  } catch (const Superseded&) {
    // Our transaction changed nothing. If the transition that came first was this very
    // decision by this very person (a double click, a retried request), answer its result.
    std::optional<ApplicationRow> current;
    std::vector<ApplicationEventRow> events;
    database_.run([&](soci::session& sql) {
      current = store_.find(sql, id);
      if (current) {
        events = store_.events(sql, id);
      }
    });
    if (!current) {
      throw not_found();
    }
    for (const auto& e : events) {
      if (e.from_version == input.version && e.actor == who.account_id && e.action == action) {
        return view(*current, true);
      }
    }
    throw changed();
  }
}

void WorkflowService::tell(soci::session& tx, const tenancy::Tenant& tenant,
                           const ApplicationRow& row, const tenancy::ApplicationKind& kind,
                           const core::Message& text, long long now) const {
  const core::Message status = status_text(row.status);
  const std::map<std::string, std::string> params = {{"tenant", tenant.config->name.zh_cn},
                                                     {"kind", kind.title.zh_cn},
                                                     {"status", status.zh_cn},
                                                     {"detail", text.zh_cn}};
  // One message per transition and channel: a transition retried after a deadlock sends once.
  const std::string key = "application-" + row.id + "-" + std::to_string(row.version);
  notify_account(tx, tenant, row.account_id,
                 {kind.title.zh_cn + "：" + status.zh_cn, kind.title.in("en") + ": " + status.en},
                 text, "application_update", params, key + "-email", now);
  // An SMS too once a reviewer decided: the applicant must act on a rejection or a return, and
  // the manuals announce results by SMS.
  if (row.status == kUnderReview || !access_.contact || !access_.enqueue) {
    return;
  }
  const std::string mobile = access_.contact(tx, row.account_id).first;
  if (!mobile.empty()) {
    access_.enqueue(tx,
                    {.id = key + "-sms",
                     .tenant_slug = tenant.slug(),
                     .channel = notifications::Channel::sms,
                     .recipient = mobile,
                     .template_key = "application_decided",
                     .params = params,
                     .expires_at_ms = std::nullopt},
                    now);
  }
}

void WorkflowService::notify_account(soci::session& tx, const tenancy::Tenant& tenant,
                                     const std::string& account_id, const core::Message& title,
                                     const core::Message& body, const std::string& email_template,
                                     const std::map<std::string, std::string>& params,
                                     const std::string& message_id, long long now) const {
  if (access_.notify) {
    access_.notify(tx, {tenant.slug(), account_id, title, body}, now);
  }
  if (!access_.contact || !access_.enqueue) {
    return;
  }
  // Messages use the tenant's templates (tenants/<slug>/messages/) over the platform's.
  const std::string email = access_.contact(tx, account_id).second;
  if (!email.empty()) {
    access_.enqueue(tx,
                    {.id = message_id,
                     .tenant_slug = tenant.slug(),
                     .channel = notifications::Channel::email,
                     .recipient = email,
                     .template_key = email_template,
                     .params = params,
                     .expires_at_ms = std::nullopt},
                    now);
  }
}

std::vector<std::string> WorkflowService::reviewers_of(const tenancy::Tenant& tenant,
                                                       const tenancy::ReviewStep& step,
                                                       const ApplicationRow& row) const {
  if (step.reviewer == tenancy::ReviewerKind::named) {
    return row.step_reviewer ? std::vector<std::string>{*row.step_reviewer}
                             : std::vector<std::string>{};
  }
  if (!access_.role_holders) {
    return {};
  }
  const bool reviewers = step.reviewer == tenancy::ReviewerKind::reviewer;
  const auto holders = access_.role_holders(
      tenant.realm, reviewers ? identity::Role::reviewer : identity::Role::tenant_admin);
  const auto held_on = [&](const std::string& slug) {
    std::vector<std::string> out;
    for (const auto& [account, where] : holders) {
      if (where == slug) {
        out.push_back(account);
      }
    }
    return out;
  };
  if (reviewers) {
    return held_on(tenant.slug());
  }
  // Admins of the step's tenant (the tenant, or its parent for parent_admin); where it has none,
  // the nearest ancestor's, who administer it too.
  const auto directory = registry_.current();
  std::string slug =
      step.reviewer == tenancy::ReviewerKind::parent_admin ? tenant.config->parent : tenant.slug();
  for (std::size_t depth = 0; !slug.empty() && depth < directory->all().size(); ++depth) {
    if (auto found = held_on(slug); !found.empty()) {
      return found;
    }
    const auto current = directory->find(slug);
    slug = current ? current->config->parent : "";
  }
  return {};
}

int WorkflowService::remind_now(const identity::Principal& who) const {
  if (!who.is_platform_admin) {
    throw AppError(ErrorKind::forbidden, "platform_admins_only",
                   {"只有平台管理员可以执行此操作。", "Only platform admins can do this."});
  }
  return send_reminders();
}

int WorkflowService::send_reminders() const {
  const auto directory = registry_.current();
  std::vector<std::string> tenants;
  for (const auto& t : directory->all()) {
    tenants.push_back(t->slug());
  }
  std::vector<ApplicationRow> rows;
  database_.run([&](soci::session& sql) {
    rows = store_.in_tenants(sql, tenants, std::string(kUnderReview));
  });
  const long long now = clock_.now_ms();
  int reminded = 0;
  for (const auto& row : rows) {
    if (!row.due_at || !row.step_key) {
      continue;
    }
    const Reminder due = reminder_due(*row.due_at, now);
    const auto stage = static_cast<long long>(due);
    const auto tenant = directory->find(row.tenant);
    const auto use = directory->find_workflow(row.tenant);
    const tenancy::ApplicationKind* kind = use.workflow ? use.workflow->find(row.kind) : nullptr;
    if (stage <= row.reminder_stage || !tenant || kind == nullptr) {
      continue;
    }
    const auto step = std::find_if(kind->steps.begin(), kind->steps.end(),
                                   [&](const auto& s) { return s.key == *row.step_key; });
    if (step == kind->steps.end()) {
      continue;
    }
    const std::vector<std::string> reviewers = reviewers_of(*tenant, *step, row);
    std::string applicant = "申请人";
    if (const sdk::Value* name = forms::value_from_json(row.values_json).find("name");
        name != nullptr && name->is_string()) {
      applicant = name->as_string();
    }
    const std::string day = mainland_day(*row.due_at).to_string();
    const bool overdue = due == Reminder::overdue;
    const core::Message title = overdue ? core::Message{kind->title.zh_cn + "：已超过审核期限",
                                                        kind->title.in("en") + ": review overdue"}
                                        : core::Message{kind->title.zh_cn + "：审核即将到期",
                                                        kind->title.in("en") + ": review due soon"};
    const core::Message to_reviewer =
        overdue ? core::Message{applicant + "的" + kind->title.zh_cn + "已于 " + day +
                                    " 超过审核期限，请尽快审核。",
                                applicant + "'s application passed its review deadline on " + day +
                                    "; please review it soon."}
                : core::Message{applicant + "的" + kind->title.zh_cn + "将于 " + day +
                                    " 到达审核期限，请及时审核。",
                                applicant + "'s application is due for review by " + day + "."};
    database_.transaction([&](soci::session& tx) {
      if (!store_.mark_reminded(tx, row.id, row.version, stage)) {
        return;  // another instance sent it, or the application moved on meanwhile
      }
      const std::string key =
          "reminder-" + row.id + "-" + std::to_string(row.version) + "-" + std::to_string(stage);
      std::map<std::string, std::string> params = {{"tenant", tenant->config->name.zh_cn},
                                                   {"title", title.zh_cn},
                                                   {"detail", to_reviewer.zh_cn}};
      for (const auto& reviewer : reviewers) {
        notify_account(tx, *tenant, reviewer, title, to_reviewer, "application_reminder", params,
                       key + "-" + reviewer, now);
      }
      if (overdue) {
        const core::Message to_applicant{"您的" + kind->title.zh_cn + "已超过审核期限（" + day +
                                             "），协会正在加紧处理，请耐心等待。",
                                         "Your application passed its review deadline (" + day +
                                             "); the association is working on it."};
        params["detail"] = to_applicant.zh_cn;
        notify_account(tx, *tenant, row.account_id, title, to_applicant, "application_reminder",
                       params, key + "-applicant", now);
      }
      ++reminded;
    });
  }
  return reminded;
}

core::Message WorkflowService::apply_effect(
    soci::session& tx, const tenancy::Tenant& tenant, const tenancy::WorkflowConfig& workflow,
    const tenancy::ApplicationKind& kind, const ApplicationRow& row, const sdk::Value& values,
    const forms::CivilDate& today, const std::optional<std::string>& actor, long long now) const {
  if (kind.effect == tenancy::ApprovalEffect::apply_profile_changes) {
    // Exactly the fields the request changed, as they were submitted (null removes one).
    sdk::Value changes = sdk::Value::Object{};
    const sdk::Value listed = forms::value_from_json(row.changes_json.value_or("[]"));
    for (const auto& change : listed.as_array()) {
      const std::string& key = change.find("field")->as_string();
      const sdk::Value* value = values.find(key);
      changes.as_object().emplace_back(key, value != nullptr ? *value : sdk::Value());
    }
    if (access_.apply_profile_changes) {
      access_.apply_profile_changes(tx, tenant, row.account_id, changes, actor, now);
    }
    return {"资料变更审批通过，您的个人资料已更新。",
            "Your change request was approved; your profile is updated."};
  }
  if (kind.effect == tenancy::ApprovalEffect::join_institution) {
    return admit_to_institution(tx, tenant, row, values, today, now);
  }
  std::string member_type;
  if (const sdk::Value* chosen = values.find("member_type"); chosen && chosen->is_string()) {
    member_type = chosen->as_string();
  } else if (!tenant.config->member_types.empty()) {
    member_type = tenant.config->member_types.front().key;
  }
  if (kind.effect == tenancy::ApprovalEffect::change_member_type) {
    // The old membership's number stops being valid once the new one exists.
    store_.supersede_memberships(tx, tenant.slug(), row.account_id, now);
  }
  if (kind.effect == tenancy::ApprovalEffect::activate_membership && access_.activate_legacy) {
    // The old system's member and certificate numbers stop verifying with this commit.
    access_.activate_legacy(tx, row.account_id, tenant.slug(), row.id, now);
  }
  MembershipRow m;
  m.id = identity::new_id(now);
  m.tenant = tenant.slug();
  m.realm = tenant.realm;
  m.account_id = row.account_id;
  m.member_type = member_type;
  m.member_number =
      next_member_number(tx, tenant, workflow.member_numbers ? &*workflow.member_numbers : nullptr,
                         member_type, today);
  m.status = "active";
  m.application_id = row.id;
  m.valid_from = now;
  if (workflow.membership_years) {
    // To the end of the day before the anniversary: four years from 2026-11-22 end on 2030-11-21.
    using namespace std::chrono;
    const year_month_day start{year{today.year} / month{static_cast<unsigned>(today.month)} /
                               day{static_cast<unsigned>(today.day)}};
    year_month_day end = start + years{*workflow.membership_years};
    if (!end.ok()) {
      end = end.year() / end.month() / last;  // from 29 February to 28 February
    }
    const sys_days last_day = sys_days{end} - days{1};
    const year_month_day l{last_day};
    m.valid_until =
        end_of_day({static_cast<int>(l.year()), static_cast<int>(static_cast<unsigned>(l.month())),
                    static_cast<int>(static_cast<unsigned>(l.day()))});
  }
  m.created_at = now;
  m.updated_at = now;
  store_.insert_membership(tx, m);
  if (kind.institutions) {
    open_institution_reviews(tx, tenant, kind, row, values, today, now);
  }
  if (kind.effect == tenancy::ApprovalEffect::activate_membership) {
    return {"会员激活审核通过，新会员编号 " + m.member_number +
                "。原会员编号与原证书已失效，请在“下载会员证书”中领取新证书。",
            "Activation approved; your new member number is " + m.member_number +
                ". The old member number and certificate no longer verify; get the new "
                "certificate under Download certificate."};
  }
  return {"审批通过，会员编号 " + m.member_number + "。",
          "Approved; member number " + m.member_number + "."};
}

std::string WorkflowService::next_member_number(soci::session& tx, const tenancy::Tenant& tenant,
                                                const tenancy::MemberNumberFormat* format,
                                                const std::string& member_type,
                                                const forms::CivilDate& today) const {
  const long long sequence = store_.next_member_sequence(tx, tenant.slug(), today.year);
  // The YAML's format when it gives one; else the tenant's plugin may compute the number (its
  // `member_number` hook), and the host's plain format is the last resort.
  if (format == nullptr && tenant.plugin) {
    std::string code;
    for (const char c : tenant.slug()) {
      if (c != '-') {
        code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    }
    if (auto number = tenant.plugin->member_number(
            {tenant.slug(), code, today.year, sequence, member_type})) {
      return std::move(*number);
    }
  }
  return format_member_number(format != nullptr ? *format : tenancy::MemberNumberFormat{},
                              today.year, sequence);
}

void WorkflowService::open_institution_reviews(soci::session& tx, const tenancy::Tenant& tenant,
                                               const tenancy::ApplicationKind& kind,
                                               const ApplicationRow& row, const sdk::Value& values,
                                               const forms::CivilDate& today, long long now) const {
  const std::vector<std::string> named = named_institutions(*kind.institutions, values);
  const auto directory = registry_.current();
  for (const auto& institution : named) {
    // The institution's own tenant reviews when the platform hosts it in the realm and it offers
    // the review; the association reviews for the others.
    std::shared_ptr<const tenancy::Tenant> reviewer = directory->find(institution);
    const tenancy::WorkflowConfig* workflow = nullptr;
    if (reviewer && reviewer->realm == tenant.realm) {
      workflow = directory->find_workflow(reviewer->slug()).workflow;
    }
    const tenancy::ApplicationKind* review =
        workflow != nullptr ? workflow->find(kind.institutions->review) : nullptr;
    if (review == nullptr || review->effect != tenancy::ApprovalEffect::join_institution) {
      reviewer = directory->find(tenant.slug());
      workflow = &workflow_of(tenant);
      review = workflow->find(kind.institutions->review);
    }
    const auto use = forms_.resolve(*reviewer, review->form);
    const tenancy::ReviewStep* step = nullptr;
    for (const auto& s : review->steps) {
      if (!s.when || forms::condition_holds(*use.form, *s.when, values, today)) {
        step = &s;
        break;
      }
    }
    if (step == nullptr) {
      continue;  // nobody there reviews applications like this one
    }
    ApplicationRow child;
    child.id = identity::new_id(now);
    child.tenant = reviewer->slug();
    child.realm = row.realm;
    child.account_id = row.account_id;
    child.kind = review->key;
    child.status = kUnderReview;
    child.step_key = step->key;
    if (step->reviewer == tenancy::ReviewerKind::named) {
      if (const sdk::Value* v = values.find(step->named_by); v != nullptr && v->is_string()) {
        child.step_reviewer = v->as_string();
      }
    }
    child.version = 1;
    child.submitted_at = now;
    child.due_at = end_of_day(add_working_days(today, workflow->deadline_working_days, *workflow));
    child.created_at = now;
    child.updated_at = now;
    child.parent_id = row.id;
    child.institution = institution;
    store_values(*reviewer, child, values);
    store_.insert(tx, child);
    store_.add_event(tx, {identity::new_id(now), child.id, now, std::nullopt, "submit",
                          std::string(kDraft), child.status, child.step_key, 0, std::nullopt});
  }
}

core::Message WorkflowService::admit_to_institution(
    soci::session& tx, const tenancy::Tenant& tenant, const ApplicationRow& row,
    const sdk::Value& values, const forms::CivilDate& today, long long now) const {
  const std::optional<ApplicationRow> parent =
      row.parent_id ? store_.find(tx, *row.parent_id) : std::nullopt;
  const std::string name = view(row, false).institution_name.zh_cn;
  // An institution reviewed by the association itself has no membership of its own to give.
  if (!parent || parent->tenant == tenant.slug()) {
    return {"审批通过，您已加入" + name + "。", "Approved; you have joined " + name + "."};
  }
  std::optional<MembershipRow> association;
  for (auto& m : store_.memberships_of(tx, row.account_id)) {
    if (m.application_id == parent->id) {
      association = std::move(m);
    }
  }
  std::string member_type;
  if (const sdk::Value* chosen = values.find("member_type"); chosen && chosen->is_string()) {
    member_type = chosen->as_string();
  }
  const auto& types = tenant.config->member_types;
  if (!types.empty() && std::none_of(types.begin(), types.end(),
                                     [&](const auto& t) { return t.key == member_type; })) {
    member_type = types.front().key;
  }
  // The tenant's own number format when it has a workflow of its own (a provincial branch);
  // a committee follows the association's, with its own code.
  const auto use = registry_.current()->find_workflow(tenant.slug());
  std::optional<tenancy::MemberNumberFormat> format;
  if (use.workflow != nullptr && use.workflow->member_numbers) {
    format = *use.workflow->member_numbers;
    if (use.owner && use.owner->slug() != tenant.slug()) {
      format->code.clear();
      const std::string suffix = tenant.slug().substr(tenant.slug().rfind('-') + 1);
      for (const char c : suffix) {
        if (std::isalnum(static_cast<unsigned char>(c)) && format->code.size() < 8) {
          format->code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
      }
    }
  }
  MembershipRow m;
  m.id = identity::new_id(now);
  m.tenant = tenant.slug();
  m.realm = tenant.realm;
  m.account_id = row.account_id;
  m.member_type = member_type;
  m.member_number = next_member_number(tx, tenant, format ? &*format : nullptr, member_type, today);
  m.status = "active";
  m.application_id = row.id;
  m.valid_from = now;
  // A committee's membership lasts as long as the association's it rests on.
  m.valid_until = association ? association->valid_until : std::nullopt;
  m.created_at = now;
  m.updated_at = now;
  store_.insert_membership(tx, m);
  return {"审批通过，您已加入" + name + "，会员编号 " + m.member_number + "。",
          "Approved; you have joined " + name + ", member number " + m.member_number + "."};
}

std::string WorkflowService::changes_of(const forms::FormDefinition& form, const sdk::Value& values,
                                        const sdk::Value& profile,
                                        std::vector<std::string>& changed) const {
  const auto shown = [](const forms::Field& field, const sdk::Value* value) {
    if (value == nullptr) {
      return sdk::Value();
    }
    if (forms::is_protected(field.type) && value->is_string()) {
      return sdk::Value(profiles::masked_text(field.type, value->as_string()));
    }
    return *value;
  };
  sdk::Value out = sdk::Value::Array{};
  for (const auto& section : form.sections) {
    for (const auto& field : section.fields) {
      const sdk::Value* after = values.find(field.key);
      const sdk::Value* before = profile.find(field.key);
      const sdk::Value none;
      if ((after == nullptr ? none : *after) == (before == nullptr ? none : *before)) {
        continue;
      }
      changed.push_back(field.key);
      sdk::Value change = sdk::Value::Object{};
      change.as_object().emplace_back("field", sdk::Value(field.key));
      change.as_object().emplace_back("before", shown(field, before));
      change.as_object().emplace_back("after", shown(field, after));
      out.as_array().push_back(std::move(change));
    }
  }
  return forms::value_to_json(out);
}

ApplicationView WorkflowService::get(const tenancy::Tenant& tenant, const identity::Principal& who,
                                     const std::string& id) const {
  std::optional<ApplicationRow> row;
  database_.run([&](soci::session& sql) { row = store_.find(sql, id); });
  if (!row || row->tenant != tenant.slug() || who.realm != tenant.realm) {
    throw not_found();
  }
  const bool reviewer = row->account_id != who.account_id && is_reviewer_of(who, tenant, *row);
  if (row->account_id != who.account_id && !reviewer) {
    throw not_found();
  }
  return view(*row, true, reviewer);
}

std::string WorkflowService::reveal(const tenancy::Tenant& tenant, const identity::Principal& who,
                                    const std::string& id, const std::string& field,
                                    const std::string& ip) const {
  std::optional<ApplicationRow> row;
  database_.run([&](soci::session& sql) { row = store_.find(sql, id); });
  if (!row || row->tenant != tenant.slug() || who.realm != tenant.realm ||
      row->account_id == who.account_id || !is_reviewer_of(who, tenant, *row)) {
    throw not_found();
  }
  const auto use = forms_.resolve(tenant, kind_of(tenant, row->kind).form);
  const forms::Field* definition = use.form->find(field);
  const sdk::Value values = values_of(*row);
  const sdk::Value* value = values.find(field);
  if (definition == nullptr || !forms::is_protected(definition->type) || value == nullptr ||
      !value->is_string()) {
    throw AppError(ErrorKind::validation, "form_invalid",
                   {"请检查标出的内容。", "Please check the marked fields."})
        .with_fields({{"field",
                       "not_protected",
                       {"该项不是受保护的信息。", "This is not a protected field."}}});
  }
  database_.transaction([&](soci::session& tx) {
    identity::AuditStore{}.append(tx, {.at = clock_.now_ms(),
                                       .event = "application_revealed",
                                       .realm = tenant.realm,
                                       .tenant = tenant.slug(),
                                       .actor = who.account_id,
                                       .subject = row->account_id,
                                       .ip = ip,
                                       .detail = "{\"application\":\"" + row->id +
                                                 "\",\"field\":\"" + definition->key + "\"}"});
  });
  return value->as_string();
}

bool WorkflowService::is_reviewer_of(const identity::Principal& who, const tenancy::Tenant& tenant,
                                     const ApplicationRow& row) const {
  if (may_act(who, tenant, row) || access_.administers(who, tenant)) {
    return true;
  }
  bool decided = false;
  database_.run([&](soci::session& sql) {
    for (const auto& e : store_.events(sql, row.id)) {
      decided = decided ||
                (e.actor == who.account_id && e.action != "submit" && e.action != "auto_approve");
    }
  });
  return decided;
}

ApplicationView WorkflowService::comment(const tenancy::Tenant& tenant,
                                         const identity::Principal& who, const std::string& id,
                                         const std::string& body) const {
  const auto text_end = body.find_last_not_of(" \t\r\n");
  if (text_end == std::string::npos || body.size() > 2000) {
    throw AppError(ErrorKind::validation, "form_invalid",
                   {"请检查标出的内容。", "Please check the marked fields."})
        .with_fields(
            {{"body",
              text_end == std::string::npos ? "required" : "too_long",
              {"请填写 1 至 2000 字的审核意见。", "Write a note of 1 to 2000 characters."}}});
  }
  std::optional<ApplicationRow> row;
  database_.run([&](soci::session& sql) { row = store_.find(sql, id); });
  if (!row || row->tenant != tenant.slug() || who.realm != tenant.realm ||
      row->account_id == who.account_id || !is_reviewer_of(who, tenant, *row)) {
    throw not_found();
  }
  const long long now = clock_.now_ms();
  database_.transaction([&](soci::session& tx) {
    store_.add_comment(tx, {identity::new_id(now), row->id, now, who.account_id, body});
  });
  return view(*row, true, true);
}

std::vector<BatchOutcome> WorkflowService::approve_all(const tenancy::Tenant& tenant,
                                                       const identity::Principal& who,
                                                       const std::vector<BatchItem>& items) const {
  std::vector<BatchOutcome> out;
  for (const auto& item : items) {
    BatchOutcome outcome{item.id, std::nullopt, "", {}};
    try {
      outcome.done = decide(tenant, who, item.id, {Decision::approve, "", item.version});
    } catch (const AppError& e) {
      outcome.code = e.code();
      outcome.message = e.message();
    }
    out.push_back(std::move(outcome));
  }
  return out;
}

std::vector<ApplicationView> WorkflowService::mine(const identity::Principal& who) const {
  std::vector<ApplicationRow> rows;
  database_.run([&](soci::session& sql) { rows = store_.of_account(sql, who.account_id); });
  std::vector<ApplicationView> out;
  for (const auto& row : rows) {
    out.push_back(view(row, false));
  }
  return out;
}

std::string WorkflowService::queue_workbook(const tenancy::Tenant& tenant,
                                            const identity::Principal& who,
                                            const QueueFilter& filter) const {
  using documents::Cell;
  static const std::map<std::string, std::string> kStatus = {{"draft", "草稿"},
                                                             {"under_review", "申请中"},
                                                             {"returned", "退回修改"},
                                                             {"approved", "审批通过"},
                                                             {"rejected", "审批不通过"}};
  const auto views = queue(tenant, who, filter);
  const auto directory = registry_.current();
  const long long now = clock_.now_ms();
  documents::Sheet sheet{"申请列表",
                         {{"申请编号", 28},
                          {"申请类型", 18},
                          {"申请人", 12},
                          {"会员类型", 12},
                          {"状态", 10},
                          {"当前审核", 18},
                          {"受理机构", 24},
                          {"提交时间", 18},
                          {"审核期限", 12},
                          {"已等待天数", 10}},
                         {}};
  for (const auto& v : views) {
    const auto& row = v.row;
    const auto owner = directory->find(row.tenant);
    std::string kind_title = row.kind;
    if (owner) {
      for (const auto* k : kinds(*owner)) {
        if (k->key == row.kind) {
          kind_title = k->title.zh_cn;
        }
      }
    }
    const sdk::Value* name = v.values.find("name");
    const sdk::Value* type = v.values.find("member_type");
    const auto status = kStatus.find(row.status);
    sheet.rows.push_back(
        {Cell::of_text(row.id), Cell::of_text(kind_title),
         Cell::of_text(name != nullptr && name->is_string() ? name->as_string() : ""),
         Cell::of_text(type != nullptr && type->is_string()
                           ? directory->member_type_name(row.tenant, type->as_string())
                           : ""),
         Cell::of_text(status != kStatus.end() ? status->second : row.status),
         Cell::of_text(v.step_title.zh_cn), Cell::of_text(owner ? owner->config->name.zh_cn : ""),
         row.submitted_at ? Cell::of_date_time(*row.submitted_at) : Cell::blank(),
         row.due_at ? Cell::of_date(*row.due_at) : Cell::blank(),
         row.submitted_at && row.status == "under_review"
             ? Cell::of_number(static_cast<double>((now - *row.submitted_at) / 86'400'000))
             : Cell::blank()});
  }
  return documents::xlsx(sheet);
}

std::vector<ApplicationView> WorkflowService::queue(const tenancy::Tenant& tenant,
                                                    const identity::Principal& who,
                                                    const QueueFilter& filter) const {
  const bool pending = filter.status.empty();
  if (!pending && !access_.administers(who, tenant)) {
    throw AppError(ErrorKind::forbidden, "admins_only",
                   {"只有管理员可以查看全部申请。", "Only admins see every application."});
  }
  const auto directory = registry_.current();
  const std::vector<std::string> tenants = directory->subtree(tenant.slug());
  const std::string status =
      pending ? std::string(kUnderReview) : (filter.status == "all" ? "" : filter.status);
  std::vector<ApplicationRow> rows;
  database_.run([&](soci::session& sql) { rows = store_.in_tenants(sql, tenants, status); });
  const long long now = clock_.now_ms();
  const auto day_start = [](const forms::CivilDate& d) { return end_of_day(d) + 1 - kDayMs; };
  std::vector<ApplicationView> out;
  for (const auto& row : rows) {
    const auto owner = directory->find(row.tenant);
    if (!owner || (pending && !may_act(who, *owner, row))) {
      continue;
    }
    if ((!filter.kind.empty() && row.kind != filter.kind) ||
        (filter.overdue_only && !(row.status == kUnderReview && row.due_at && *row.due_at < now)) ||
        (filter.submitted_from &&
         row.submitted_at.value_or(0) < day_start(*filter.submitted_from)) ||
        (filter.submitted_to && row.submitted_at.value_or(0) > end_of_day(*filter.submitted_to))) {
      continue;
    }
    ApplicationView v = view(row, false);
    if (!filter.member_type.empty()) {
      const sdk::Value* type = v.values.find("member_type");
      if (type == nullptr || !type->is_string() || type->as_string() != filter.member_type) {
        continue;
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<MembershipRow> WorkflowService::memberships(const identity::Principal& who) const {
  std::vector<MembershipRow> out;
  database_.run([&](soci::session& sql) { out = store_.memberships_of(sql, who.account_id); });
  return out;
}

}  // namespace guildhall::workflow
