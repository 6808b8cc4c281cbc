// SQL for applications, their events, memberships and member-number counters, and nothing else:
// WorkflowService owns the rules and hands this store finished rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace guildhall::workflow {

struct ApplicationRow {
  std::string id;
  std::string tenant;
  std::string realm;
  std::string account_id;
  std::string kind;
  std::string status;  // draft | under_review | returned | approved | rejected
  std::optional<std::string> step_key;
  std::optional<std::string> step_reviewer;
  std::string values_json = "{}";
  std::optional<std::string> values_cipher;
  std::optional<std::string> reason;
  long long version = 0;
  std::optional<long long> submitted_at;
  std::optional<long long> due_at;
  std::optional<long long> decided_at;
  long long created_at = 0;
  long long updated_at = 0;
  // Change requests, from submission on: [{"field", "before", "after"}], protected values masked.
  std::optional<std::string> changes_json;
  long long reminder_stage = 0;  // the last deadline reminder sent (workflow_rules.hpp's Reminder)
  // An institution's review of an approved membership application: that application, and the
  // institution (the option value that named it). Set at insertion, never changed.
  std::optional<std::string> parent_id;
  std::optional<std::string> institution;
};

struct ApplicationEventRow {
  std::string id;
  std::string application_id;
  long long at = 0;
  std::optional<std::string> actor;
  std::string action;  // submit | approve | reject | return | auto_approve
  std::string from_status;
  std::string to_status;
  std::optional<std::string> step_key;
  long long from_version = 0;
  std::optional<std::string> reason;
};

struct MembershipRow {
  std::string id;
  std::string tenant;
  std::string realm;
  std::string account_id;
  std::string member_type;
  std::string member_number;
  std::string status;  // active | expired | frozen | superseded
  std::string application_id;
  long long valid_from = 0;
  std::optional<long long> valid_until;
  long long created_at = 0;
  long long updated_at = 0;
};

// A note one reviewer leaves for the others.
struct CommentRow {
  std::string id;
  std::string application_id;
  long long at = 0;
  std::string author;
  std::string body;
};

class ApplicationStore {
 public:
  void insert(soci::session& tx, const ApplicationRow& row) const;
  std::optional<ApplicationRow> find(soci::session& sql, const std::string& id) const;
  // Writes `row` over the stored application if its version is still `seen_version`; false when
  // another transition came first (then nothing changed).
  bool replace_if_version(soci::session& tx, const ApplicationRow& row,
                          long long seen_version) const;
  std::vector<ApplicationRow> of_account(soci::session& sql, const std::string& account_id) const;
  // The institutions' reviews opened by approving `parent_id`.
  std::vector<ApplicationRow> children(soci::session& sql, const std::string& parent_id) const;
  // Applications of these tenants in `status` (every status but draft when empty), oldest
  // submission first.
  std::vector<ApplicationRow> in_tenants(soci::session& sql,
                                         const std::vector<std::string>& tenants,
                                         const std::string& status) const;

  // Records that reminder `stage` went out, if the application still is at `version` and had a
  // lower stage: false when another instance sent it first or the application moved on.
  bool mark_reminded(soci::session& tx, const std::string& id, long long version,
                     long long stage) const;

  void add_event(soci::session& tx, const ApplicationEventRow& event) const;
  void add_comment(soci::session& tx, const CommentRow& comment) const;
  std::vector<CommentRow> comments(soci::session& sql, const std::string& application_id) const;
  std::vector<ApplicationEventRow> events(soci::session& sql,
                                          const std::string& application_id) const;

  // The next member-number sequence of `tenant` in `year` (1, 2, …), taken inside the caller's
  // transaction: the counter row stays locked until it commits, and a rollback returns it.
  long long next_member_sequence(soci::session& tx, const std::string& tenant, int year) const;
  void insert_membership(soci::session& tx, const MembershipRow& row) const;
  // The account's active memberships of `tenant` become superseded (a member-type change).
  void supersede_memberships(soci::session& tx, const std::string& tenant,
                             const std::string& account_id, long long now) const;
  std::vector<MembershipRow> memberships_of(soci::session& sql,
                                            const std::string& account_id) const;
  // The memberships of `tenant` of a type and status (empty: any) begun within the bounds
  // (epoch ms, inclusive), newest first.
  std::vector<MembershipRow> memberships_of_tenant(soci::session& sql, const std::string& tenant,
                                                   const std::string& member_type,
                                                   const std::string& status,
                                                   long long valid_from_min,
                                                   long long valid_from_max) const;
};

}  // namespace guildhall::workflow
