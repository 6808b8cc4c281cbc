// Applications and their review (issue #5): an applicant drafts an application of a kind the
// tenant's `workflow:` offers, submits it (the kind's form decides, the fields it covers lock in
// the profile), and the reviewers of each step approve, reject with a reason, or send it back
// for correction; approving the last step applies the kind's effect (a membership with a member
// number). Every transition names the version it saw and is one conditional UPDATE, so a double
// click, two reviewers at once or a retried request make exactly one transition; the same
// request repeated by the same person answers the state it produced.
#pragma once

#include <functional>
#include <guildhall/sdk/value.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/localized_text.hpp"
#include "forms/civil_date.hpp"
#include "modules/identity/notification_sink.hpp"
#include "modules/identity/principal.hpp"
#include "modules/workflow/application_store.hpp"

namespace soci {
class session;
}
namespace guildhall::db {
class Database;
}
namespace guildhall::privacy {
class KeyRing;
}
namespace guildhall::tenancy {
struct MemberNumberFormat;
struct Tenant;
class TenantRegistry;
struct ApplicationKind;
struct ReviewStep;
struct WorkflowConfig;
}  // namespace guildhall::tenancy
namespace guildhall::profiles {
class FormService;
}
namespace guildhall::forms {
struct FormDefinition;
}

namespace guildhall::workflow {

// What the platform's other parts answer for the workflow; the composition root asks identity.
struct WorkflowAccess {
  // Whether the principal administers the tenant (its admins, its ancestors', the platform's).
  std::function<bool(const identity::Principal&, const tenancy::Tenant&)> administers;
  // Whether `account_id` is an account of `realm` (a recommender an application names).
  std::function<bool(const std::string& realm, const std::string& account_id)> account_in_realm;
  // The applicant's profile in full, protected values (ID number, mobile) included: a new
  // application starts from them, and a change request is compared with them.
  std::function<sdk::Value(const std::string& account_id)> profile_values;
  // Writes an approved change request into the profile, inside the approving transaction;
  // `actor` is none when the change was approved automatically.
  std::function<void(soci::session& tx, const tenancy::Tenant& tenant,
                     const std::string& account_id, const sdk::Value& changes,
                     const std::optional<std::string>& actor, long long now_ms)>
      apply_profile_changes;
  // Tells the applicant in their site inbox, inside the transaction of the transition.
  std::function<void(soci::session& tx, const identity::SiteNotice& notice, std::int64_t now_ms)>
      notify;
  // The account's mobile and e-mail address (empty when it has none), read inside `tx`.
  std::function<std::pair<std::string, std::string>(soci::session& tx,
                                                    const std::string& account_id)>
      contact;
  // Who holds `role` where in `realm`: (account id, tenant) pairs; reminders go to reviewers.
  std::function<std::vector<std::pair<std::string, std::string>>(const std::string& realm,
                                                                 identity::Role role)>
      role_holders;
  // Puts an e-mail or SMS into the outbox, inside the transaction of the transition.
  std::function<void(soci::session& tx, const notifications::OutboundMessage& message,
                     std::int64_t now_ms)>
      enqueue;
  // The old roster (activate_membership): whether the account is a member of the tenant's roster
  // not yet activated, what its application starts from, and, inside the approving transaction,
  // its activation.
  std::function<bool(const std::string& account_id, const std::string& tenant)> legacy_pending;
  std::function<sdk::Value(const std::string& account_id, const std::string& tenant)> legacy_values;
  std::function<void(soci::session& tx, const std::string& account_id, const std::string& tenant,
                     const std::string& application_id, std::int64_t now_ms)>
      activate_legacy;
  // Writes what a membership application says of the person into their profile, inside the
  // submitting transaction, so that it serves the realm's other applications; throws a field
  // error for a locked field whose value the application would change.
  std::function<void(soci::session& tx, const tenancy::Tenant& tenant,
                     const std::string& account_id, const sdk::Value& values,
                     const std::string& holder, std::int64_t now_ms)>
      adopt_into_profile;
};

enum class Decision { approve, reject, send_back };

struct DecisionInput {
  Decision action = Decision::approve;
  std::string reason;  // required to reject or send back
  long long version = 0;
};

// What a reviewer's queue shows; unset members filter nothing.
struct QueueFilter {
  // "" (what `who` may act on now), or a status (under_review, returned, rejected, approved) or
  // "all": the tenant's applications in it, for its admins only.
  std::string status;
  std::string kind;
  std::string member_type;
  std::optional<forms::CivilDate> submitted_from;  // mainland days, inclusive
  std::optional<forms::CivilDate> submitted_to;
  bool overdue_only = false;
};

struct CommentView {
  CommentRow row;
  std::string author_name;  // the author's profile name; empty when it has none
};

struct ApplicationView {
  ApplicationRow row;                         // values_cipher never leaves the service
  sdk::Value values = sdk::Value::Object{};   // never a protected field
  std::map<std::string, std::string> masked;  // protected field -> masked text
  core::LocalizedText step_title;             // of the current step; empty when none
  std::vector<ApplicationEventRow> events;
  std::optional<MembershipRow> membership;  // set when approval created one
  std::vector<CommentView> comments;        // reviewers' notes; for reviewers only
  std::string applicant_name;               // the application's name field, else the profile's
  // An institution's review (row.institution set): the institution's name.
  core::LocalizedText institution_name;
  // A membership application: the institutions it names (key, name), each reviewing the member
  // once the association approves.
  std::vector<std::pair<std::string, core::LocalizedText>> institutions;
};

// One item of a batch decision and how it ended.
struct BatchItem {
  std::string id;
  long long version = 0;
};
struct BatchOutcome {
  std::string id;
  std::optional<ApplicationView> done;  // set when the decision was made
  std::string code;                     // why not, otherwise
  core::Message message;
};

class WorkflowService {
 public:
  WorkflowService(db::Database& database, const tenancy::TenantRegistry& registry,
                  const profiles::FormService& forms, std::shared_ptr<const privacy::KeyRing> keys,
                  const core::Clock& clock, WorkflowAccess access);
  ~WorkflowService();

  // The kinds of application the tenant offers (its own workflow or its nearest ancestor's);
  // none when it has no workflow.
  std::vector<const tenancy::ApplicationKind*> kinds(const tenancy::Tenant& tenant) const;

  // A draft of `kind`; values are kept as typed, checked only on submit.
  ApplicationView create(const tenancy::Tenant& tenant, const identity::Principal& who,
                         const std::string& kind, const sdk::Value& values) const;
  ApplicationView save_draft(const tenancy::Tenant& tenant, const identity::Principal& who,
                             const std::string& id, const sdk::Value& values,
                             long long version) const;
  // Checks the values and starts the review; a kind with a paper step (`stamp`) whose scan is
  // not yet attached waits in awaiting_stamp instead.
  ApplicationView submit(const tenancy::Tenant& tenant, const identity::Principal& who,
                         const std::string& id, long long version) const;
  // The applicant attaches the stamped paper form (`files`, the stamp field's value) to an
  // application in awaiting_stamp, which then enters review.
  ApplicationView submit_stamp(const tenancy::Tenant& tenant, const identity::Principal& who,
                               const std::string& id, const sdk::Value& files,
                               long long version) const;
  ApplicationView decide(const tenancy::Tenant& tenant, const identity::Principal& who,
                         const std::string& id, const DecisionInput& input) const;

  // Approves each application of `items` at the version given, as decide() would, and tells
  // how each ended; one failing does not stop the others.
  std::vector<BatchOutcome> approve_all(const tenancy::Tenant& tenant,
                                        const identity::Principal& who,
                                        const std::vector<BatchItem>& items) const;
  // A note for the other reviewers of the application; its applicant never sees it.
  ApplicationView comment(const tenancy::Tenant& tenant, const identity::Principal& who,
                          const std::string& id, const std::string& body) const;

  // A protected value of the application in full, for one of its reviewers: the audit entry
  // (who, whose, which field) is committed before the value is returned.
  std::string reveal(const tenancy::Tenant& tenant, const identity::Principal& who,
                     const std::string& id, const std::string& field, const std::string& ip) const;

  // The applicant's own, or one a reviewer of it may see (then with the reviewers' notes).
  ApplicationView get(const tenancy::Tenant& tenant, const identity::Principal& who,
                      const std::string& id) const;
  // queue() as an Excel workbook (the same filters): one row per application, submission times
  // and deadlines as Excel dates, the days waited as a number.
  std::string queue_workbook(const tenancy::Tenant& tenant, const identity::Principal& who,
                             const QueueFilter& filter) const;
  // The account's applications in every tenant of its realm, newest first.
  std::vector<ApplicationView> mine(const identity::Principal& who) const;
  // What `who` may act on now in the tenant and its subtree, oldest submission first.
  std::vector<ApplicationView> queue(const tenancy::Tenant& tenant, const identity::Principal& who,
                                     const QueueFilter& filter) const;
  std::vector<MembershipRow> memberships(const identity::Principal& who) const;

  // Sends the deadline reminders due now, each once per submission even with several instances:
  // two days before the deadline to the current step's reviewers, and after it to them and the
  // applicant, in the site inbox and by e-mail. Returns how many applications were reminded.
  int send_reminders() const;
  // The same pass at a platform admin's request, rather than waiting for the next period.
  int remind_now(const identity::Principal& who) const;

 private:
  // The workflow `tenant` follows (its own or its nearest ancestor's); not_found without one.
  const tenancy::WorkflowConfig& workflow_of(const tenancy::Tenant& tenant) const;
  const tenancy::ApplicationKind& kind_of(const tenancy::Tenant& tenant,
                                          const std::string& key) const;
  bool may_act(const identity::Principal& who, const tenancy::Tenant& tenant,
               const ApplicationRow& row) const;
  // Whether `who` reviews or reviewed the application (not as its applicant): its current
  // reviewer, one who decided a step, or an admin of its tenant.
  bool is_reviewer_of(const identity::Principal& who, const tenancy::Tenant& tenant,
                      const ApplicationRow& row) const;
  // With the history; with the reviewers' notes too when `for_reviewer`.
  ApplicationView view(const ApplicationRow& row, bool with_events,
                       bool for_reviewer = false) const;
  void tell(soci::session& tx, const tenancy::Tenant& tenant, const ApplicationRow& row,
            const tenancy::ApplicationKind& kind, const core::Message& text, long long now) const;
  // A site message to `account_id`, and an e-mail of template `email_template` when the account
  // has an address; `message_id` makes the e-mail unique.
  void notify_account(soci::session& tx, const tenancy::Tenant& tenant,
                      const std::string& account_id, const core::Message& title,
                      const core::Message& body, const std::string& email_template,
                      const std::map<std::string, std::string>& params,
                      const std::string& message_id, long long now) const;
  // The accounts that act on `step` of an application of `tenant` now.
  std::vector<std::string> reviewers_of(const tenancy::Tenant& tenant,
                                        const tenancy::ReviewStep& step,
                                        const ApplicationRow& row) const;
  // Where a submitted application's review starts: its first step whose condition holds, and
  // for a named step the account named.
  struct ReviewStart {
    const tenancy::ReviewStep* step = nullptr;
    std::optional<std::string> reviewer;
  };
  ReviewStart first_step(const tenancy::Tenant& tenant, const tenancy::ApplicationKind& kind,
                         const forms::FormDefinition& form, const sdk::Value& values,
                         const forms::CivilDate& today) const;
  // Puts `row` under review at `start`, with the tenant's deadline from `today`.
  void enter_review(const tenancy::Tenant& tenant, ApplicationRow& row, const ReviewStart& start,
                    const forms::CivilDate& today) const;
  // Approves a change request the kind lets through without a reviewer, as it is submitted.
  ApplicationView approve_on_submit(const tenancy::Tenant& tenant, const identity::Principal& who,
                                    const tenancy::ApplicationKind& kind, ApplicationRow row,
                                    const sdk::Value& values, long long version,
                                    const forms::CivilDate& today) const;
  // Tells the tenant's plugin of an approval or a rejection that ended the review.
  void tell_plugin(const tenancy::Tenant& tenant, const tenancy::ApplicationKind& kind,
                   const ApplicationView& view, const sdk::Value& values) const;
  // What approving the last step does, inside the approving transaction (`actor` none when
  // automatic); what the applicant is told.
  core::Message apply_effect(soci::session& tx, const tenancy::Tenant& tenant,
                             const tenancy::WorkflowConfig& workflow,
                             const tenancy::ApplicationKind& kind, const ApplicationRow& row,
                             const sdk::Value& values, const forms::CivilDate& today,
                             const std::optional<std::string>& actor, long long now) const;
  // The next member number of `tenant` approved today, in `format` when given, else its
  // plugin's or the host's plain one.
  std::string next_member_number(soci::session& tx, const tenancy::Tenant& tenant,
                                 const tenancy::MemberNumberFormat* format,
                                 const std::string& member_type,
                                 const forms::CivilDate& today) const;
  // Approving membership application `row` opens one review per institution it names, each in
  // the institution's tenant when the platform hosts it there, else in `tenant`.
  void open_institution_reviews(soci::session& tx, const tenancy::Tenant& tenant,
                                const tenancy::ApplicationKind& kind, const ApplicationRow& row,
                                const sdk::Value& values, const forms::CivilDate& today,
                                long long now) const;
  // An institution admits the applicant of an approved review: a membership of the
  // institution's tenant for as long as the association's, when it is one of the platform's.
  core::Message admit_to_institution(soci::session& tx, const tenancy::Tenant& tenant,
                                     const ApplicationRow& row, const sdk::Value& values,
                                     const forms::CivilDate& today, long long now) const;
  // A change request's field-by-field differences from the profile, protected values masked;
  // `changed` gets the keys of the fields it changes.
  std::string changes_of(const forms::FormDefinition& form, const sdk::Value& values,
                         const sdk::Value& profile, std::vector<std::string>& changed) const;
  sdk::Value values_of(const ApplicationRow& row) const;
  void store_values(const tenancy::Tenant& tenant, ApplicationRow& row,
                    const sdk::Value& values) const;
  // `values` with the protected ones of `row` it leaves out: the browser only sees them masked.
  sdk::Value keep_protected(const ApplicationRow& row, const sdk::Value& values) const;

  db::Database& database_;
  const tenancy::TenantRegistry& registry_;
  const profiles::FormService& forms_;
  std::shared_ptr<const privacy::KeyRing> keys_;
  const core::Clock& clock_;
  WorkflowAccess access_;
  ApplicationStore store_;
};

}  // namespace guildhall::workflow
