// The `workflow:` section of a tenant.yaml: which applications the tenant offers, who reviews
// them in which order, what approval does, deadlines in working days, and the format of member
// numbers. Read and checked with the rest of the file (tenant_parser.cpp); a tenant without the
// section uses its parent's (TenantDirectory::find_workflow), like forms.
//
//   workflow:
//     deadline_working_days: 15
//     membership_years: 4                          # a membership's term; absent: long-term
//     holidays: ["2026-10-01", "2026-10-02"]       # weekdays that are not working days
//     working_weekends: ["2026-09-27"]             # weekend days that are (调休)
//     member_numbers: {prefix: HX, code: "01", digits: 6}   # → HX202601000042
//     applications:
//       - key: join
//         title: {zh-CN: 入会申请, en: Membership application}
//         form: join
//         effect: create_membership
//         stamp: stamped_form                      # uploaded after submission (optional)
//         steps:
//           - key: recommender
//             title: {zh-CN: 推荐委员审核, en: Recommender's review}
//             reviewer: {named_by: recommender}
//             when: {field: recommend_method, eq: committee}
//           - key: admin
//             title: {zh-CN: 协会审核, en: Association's review}
//             reviewer: tenant_admin
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/localized_text.hpp"
#include "core/source_mark.hpp"
#include "forms/form_definition.hpp"

namespace guildhall::tenancy {

// Who acts on a review step.
enum class ReviewerKind {
  named,         // the account the application names in field `named_by` (a recommender)
  reviewer,      // any holder of the reviewer role on the tenant (a committee member)
  tenant_admin,  // an admin of the tenant (or of an ancestor)
  parent_admin,  // an admin of the parent tenant (or of its ancestors)
};

// What approving an application of a kind does.
enum class ApprovalEffect {
  create_membership,      // a new membership of the member type the application names
  apply_profile_changes,  // the application's values replace the profile's
  change_member_type,     // the member's membership changes type (the old one is superseded)
  join_institution,       // an institution admits the member of an approved application (below)
  // A member of the old system's roster (modules/legacy) gets a new membership and number; the
  // old member and certificate numbers stop verifying. Only such members may apply.
  activate_membership,
};

// The institutions a membership application names, each of which reviews the applicant once the
// association has approved: a committee, a provincial association, the youth council.
//
//   institutions:
//     review: institution                          # a kind with effect join_institution
//     fields: [committees, provincial_associations, {field: youth_council, institution: med-youth}]
//
// A choice field's chosen option values are the institutions; a yes/no field names its own.
// An institution that is a tenant of the realm offering the review kind reviews in its own queue
// and admits to a membership of its own; any other is reviewed by the application's tenant.
struct InstitutionField {
  std::string field;
  std::string institution;  // for a yes/no field only; empty for a choice field
  core::SourceMark mark;
};
struct InstitutionsRule {
  std::string review;  // the key of a kind of this workflow with effect join_institution
  std::vector<InstitutionField> fields;
  core::SourceMark mark;
};

struct ReviewStep {
  std::string key;  // unique within its kind
  core::LocalizedText title;
  ReviewerKind reviewer = ReviewerKind::tenant_admin;
  std::string named_by;                  // ReviewerKind::named only: a field of the kind's form
  std::optional<forms::Condition> when;  // on the application's values; absent: always
  core::SourceMark mark;
};

struct ApplicationKind {
  std::string key;  // unique within the tenant; lower case, digits, "_"
  core::LocalizedText title;
  std::string form;  // a form of the tenant (own or inherited)
  ApprovalEffect effect = ApprovalEffect::create_membership;
  std::vector<ReviewStep> steps;  // at least one
  // apply_profile_changes only: a change touching only these fields is approved without a
  // reviewer (contact details); any other field always goes to the steps.
  std::vector<std::string> auto_approve_fields;
  // The printable application form's formats: "pdf" (the default) and "xlsx" (associations
  // whose paper form is a spreadsheet); empty when the kind has no paper form.
  std::vector<std::string> print = {"pdf"};
  // create_membership only: the institutions the application names, reviewed after approval.
  std::optional<InstitutionsRule> institutions;
  // The optional upload field of the form that takes the printed application form once stamped
  // (the manuals' 提交盖章文件): an application submitted without it waits in awaiting_stamp and
  // enters review when the applicant uploads the scan. Empty: no paper step.
  std::string stamp;
  core::SourceMark stamp_mark;
  core::SourceMark mark;
};

// Member numbers: prefix, year of approval, tenant code, then the per-tenant, per-year sequence
// zero-padded to `digits` ("HX" "2026" "01" "000042").
struct MemberNumberFormat {
  std::string prefix;  // A-Z and 0-9, up to 8
  std::string code;    // A-Z and 0-9, up to 8
  int digits = 6;      // 3..9
};

struct WorkflowConfig {
  int deadline_working_days = 15;  // 1..120
  // How long a membership runs from approval; none: until further notice (长期有效).
  std::optional<int> membership_years;        // 1..10
  std::vector<std::string> holidays;          // "YYYY-MM-DD", sorted, no duplicates
  std::vector<std::string> working_weekends;  // "YYYY-MM-DD", each a Saturday or Sunday
  std::optional<MemberNumberFormat> member_numbers;
  std::vector<ApplicationKind> applications;
  core::SourceMark mark;

  const ApplicationKind* find(std::string_view key) const;
};

}  // namespace guildhall::tenancy
