#include "modules/workflow/application_store.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "db/soci_values.hpp"

namespace guildhall::workflow {
namespace {

using db::Nullable;
using db::optional_of;

constexpr const char* kApplicationColumns =
    "id, tenant_slug, realm_slug, account_id, kind, status, step_key, step_reviewer, values_json, "
    "values_cipher, reason, version, submitted_at, due_at, decided_at, created_at, updated_at, "
    "changes_json, reminder_stage, parent_id, institution";

ApplicationRow application_of(const soci::row& r) {
  ApplicationRow row;
  row.id = r.get<std::string>("id");
  row.tenant = r.get<std::string>("tenant_slug");
  row.realm = r.get<std::string>("realm_slug");
  row.account_id = r.get<std::string>("account_id");
  row.kind = r.get<std::string>("kind");
  row.status = r.get<std::string>("status");
  row.step_key = optional_of<std::string>(r, "step_key");
  row.step_reviewer = optional_of<std::string>(r, "step_reviewer");
  row.values_json = r.get<std::string>("values_json");
  row.values_cipher = optional_of<std::string>(r, "values_cipher");
  row.reason = optional_of<std::string>(r, "reason");
  row.version = r.get<long long>("version");
  row.submitted_at = optional_of<long long>(r, "submitted_at");
  row.due_at = optional_of<long long>(r, "due_at");
  row.decided_at = optional_of<long long>(r, "decided_at");
  row.created_at = r.get<long long>("created_at");
  row.updated_at = r.get<long long>("updated_at");
  row.changes_json = optional_of<std::string>(r, "changes_json");
  row.reminder_stage = r.get<long long>("reminder_stage");
  row.parent_id = optional_of<std::string>(r, "parent_id");
  row.institution = optional_of<std::string>(r, "institution");
  return row;
}

std::vector<ApplicationRow> applications_of(soci::rowset<soci::row>& rows) {
  std::vector<ApplicationRow> out;
  for (const auto& r : rows) {
    out.push_back(application_of(r));
  }
  return out;
}

constexpr const char* kMembershipColumns =
    "id, tenant_slug, realm_slug, account_id, member_type, member_number, status, "
    "application_id, valid_from, valid_until, created_at, updated_at";

std::vector<MembershipRow> memberships_from(soci::rowset<soci::row>& rows) {
  std::vector<MembershipRow> out;
  for (const auto& r : rows) {
    MembershipRow m;
    m.id = r.get<std::string>("id");
    m.tenant = r.get<std::string>("tenant_slug");
    m.realm = r.get<std::string>("realm_slug");
    m.account_id = r.get<std::string>("account_id");
    m.member_type = r.get<std::string>("member_type");
    m.member_number = r.get<std::string>("member_number");
    m.status = r.get<std::string>("status");
    m.application_id = r.get<std::string>("application_id");
    m.valid_from = r.get<long long>("valid_from");
    m.valid_until = optional_of<long long>(r, "valid_until");
    m.created_at = r.get<long long>("created_at");
    m.updated_at = r.get<long long>("updated_at");
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

void ApplicationStore::insert(soci::session& tx, const ApplicationRow& row) const {
  Nullable step(row.step_key), reviewer(row.step_reviewer), cipher(row.values_cipher),
      reason(row.reason);
  Nullable submitted(row.submitted_at), due(row.due_at), decided(row.decided_at);
  Nullable changes(row.changes_json), parent(row.parent_id), institution(row.institution);
  tx << "INSERT INTO applications (" << kApplicationColumns
     << ") VALUES (:id, :t, :r, :a, :k, :s, :step, :rev, :v, :c, :why, :ver, :sub, :due, :dec, "
        ":cr, :up, :ch, :rs, :p, :i)",
      soci::use(row.id), soci::use(row.tenant), soci::use(row.realm), soci::use(row.account_id),
      soci::use(row.kind), soci::use(row.status), soci::use(step.value, step.indicator),
      soci::use(reviewer.value, reviewer.indicator), soci::use(row.values_json),
      soci::use(cipher.value, cipher.indicator), soci::use(reason.value, reason.indicator),
      soci::use(row.version), soci::use(submitted.value, submitted.indicator),
      soci::use(due.value, due.indicator), soci::use(decided.value, decided.indicator),
      soci::use(row.created_at), soci::use(row.updated_at),
      soci::use(changes.value, changes.indicator), soci::use(row.reminder_stage),
      soci::use(parent.value, parent.indicator),
      soci::use(institution.value, institution.indicator);
}

std::optional<ApplicationRow> ApplicationStore::find(soci::session& sql,
                                                     const std::string& id) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kApplicationColumns << " FROM applications WHERE id = :id",
       soci::use(id));
  for (const auto& r : rows) {
    return application_of(r);
  }
  return std::nullopt;
}

bool ApplicationStore::replace_if_version(soci::session& tx, const ApplicationRow& row,
                                          long long seen_version) const {
  Nullable step(row.step_key), reviewer(row.step_reviewer), cipher(row.values_cipher),
      reason(row.reason);
  Nullable submitted(row.submitted_at), due(row.due_at), decided(row.decided_at);
  Nullable changes(row.changes_json);
  soci::statement st =
      (tx.prepare << "UPDATE applications SET status = :s, step_key = :step, step_reviewer = :rev, "
                     "values_json = :v, values_cipher = :c, reason = :why, version = :ver, "
                     "submitted_at = :sub, due_at = :due, decided_at = :dec, updated_at = :up, "
                     "changes_json = :ch, reminder_stage = :rs WHERE id = :id AND version = :seen",
       soci::use(row.status), soci::use(step.value, step.indicator),
       soci::use(reviewer.value, reviewer.indicator), soci::use(row.values_json),
       soci::use(cipher.value, cipher.indicator), soci::use(reason.value, reason.indicator),
       soci::use(row.version), soci::use(submitted.value, submitted.indicator),
       soci::use(due.value, due.indicator), soci::use(decided.value, decided.indicator),
       soci::use(row.updated_at), soci::use(changes.value, changes.indicator),
       soci::use(row.reminder_stage), soci::use(row.id), soci::use(seen_version));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<ApplicationRow> ApplicationStore::of_account(soci::session& sql,
                                                         const std::string& account_id) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kApplicationColumns
                   << " FROM applications WHERE account_id = :a ORDER BY created_at DESC, id DESC",
       soci::use(account_id));
  return applications_of(rows);
}

std::vector<ApplicationRow> ApplicationStore::children(soci::session& sql,
                                                       const std::string& parent_id) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kApplicationColumns
                   << " FROM applications WHERE parent_id = :p ORDER BY created_at, id",
       soci::use(parent_id));
  return applications_of(rows);
}

std::vector<ApplicationRow> ApplicationStore::in_tenants(soci::session& sql,
                                                         const std::vector<std::string>& tenants,
                                                         const std::string& status) const {
  std::vector<ApplicationRow> out;
  // Drafts are the applicant's own business; an empty status means every other one.
  const std::string where = status.empty() ? " AND status <> :s" : " AND status = :s";
  const std::string wanted = status.empty() ? "draft" : status;
  for (const auto& tenant : tenants) {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kApplicationColumns
                     << " FROM applications WHERE tenant_slug = :t" << where,
         soci::use(tenant), soci::use(wanted));
    auto some = applications_of(rows);
    out.insert(out.end(), some.begin(), some.end());
  }
  std::sort(out.begin(), out.end(), [](const ApplicationRow& a, const ApplicationRow& b) {
    return a.submitted_at.value_or(0) != b.submitted_at.value_or(0)
               ? a.submitted_at.value_or(0) < b.submitted_at.value_or(0)
               : a.id < b.id;
  });
  return out;
}

void ApplicationStore::add_event(soci::session& tx, const ApplicationEventRow& event) const {
  Nullable actor(event.actor), step(event.step_key), reason(event.reason);
  tx << "INSERT INTO application_events (id, application_id, at, actor, action, from_status, "
        "to_status, step_key, from_version, reason) VALUES (:id, :app, :at, :actor, :action, "
        ":from, :to, :step, :ver, :why)",
      soci::use(event.id), soci::use(event.application_id), soci::use(event.at),
      soci::use(actor.value, actor.indicator), soci::use(event.action),
      soci::use(event.from_status), soci::use(event.to_status),
      soci::use(step.value, step.indicator), soci::use(event.from_version),
      soci::use(reason.value, reason.indicator);
}

bool ApplicationStore::mark_reminded(soci::session& tx, const std::string& id, long long version,
                                     long long stage) const {
  soci::statement st =
      (tx.prepare << "UPDATE applications SET reminder_stage = :s WHERE id = :id AND version = :v "
                     "AND reminder_stage < :s2",
       soci::use(stage), soci::use(id), soci::use(version), soci::use(stage));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void ApplicationStore::add_comment(soci::session& tx, const CommentRow& comment) const {
  tx << "INSERT INTO application_comments (id, application_id, at, author, body) VALUES (:id, "
        ":app, :at, :author, :body)",
      soci::use(comment.id), soci::use(comment.application_id), soci::use(comment.at),
      soci::use(comment.author), soci::use(comment.body);
}

std::vector<CommentRow> ApplicationStore::comments(soci::session& sql,
                                                   const std::string& application_id) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, application_id, at, author, body FROM application_comments "
                      "WHERE application_id = :a ORDER BY at, id",
       soci::use(application_id));
  std::vector<CommentRow> out;
  for (const auto& r : rows) {
    out.push_back({r.get<std::string>("id"), r.get<std::string>("application_id"),
                   r.get<long long>("at"), r.get<std::string>("author"),
                   r.get<std::string>("body")});
  }
  return out;
}

std::vector<ApplicationEventRow> ApplicationStore::events(soci::session& sql,
                                                          const std::string& application_id) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, application_id, at, actor, action, from_status, to_status, "
                      "step_key, from_version, reason FROM application_events "
                      "WHERE application_id = :a ORDER BY at, id",
       soci::use(application_id));
  std::vector<ApplicationEventRow> out;
  for (const auto& r : rows) {
    ApplicationEventRow e;
    e.id = r.get<std::string>("id");
    e.application_id = r.get<std::string>("application_id");
    e.at = r.get<long long>("at");
    e.actor = optional_of<std::string>(r, "actor");
    e.action = r.get<std::string>("action");
    e.from_status = r.get<std::string>("from_status");
    e.to_status = r.get<std::string>("to_status");
    e.step_key = optional_of<std::string>(r, "step_key");
    e.from_version = r.get<long long>("from_version");
    e.reason = optional_of<std::string>(r, "reason");
    out.push_back(std::move(e));
  }
  return out;
}

long long ApplicationStore::next_member_sequence(soci::session& tx, const std::string& tenant,
                                                 int year) const {
  const bool mysql = tx.get_backend_name() == "mysql";
  tx << std::string(
            "INSERT INTO member_number_counters (tenant_slug, year, last_value) VALUES "
            "(:t, :y, 0)") +
            (mysql ? " ON DUPLICATE KEY UPDATE last_value = last_value"
                   : " ON CONFLICT (tenant_slug, year) DO NOTHING"),
      soci::use(tenant), soci::use(year);
  tx << "UPDATE member_number_counters SET last_value = last_value + 1 "
        "WHERE tenant_slug = :t AND year = :y",
      soci::use(tenant), soci::use(year);
  long long value = 0;
  tx << "SELECT last_value FROM member_number_counters WHERE tenant_slug = :t AND year = :y",
      soci::into(value), soci::use(tenant), soci::use(year);
  return value;
}

void ApplicationStore::insert_membership(soci::session& tx, const MembershipRow& row) const {
  Nullable until(row.valid_until);
  tx << "INSERT INTO memberships (id, tenant_slug, realm_slug, account_id, member_type, "
        "member_number, status, application_id, valid_from, valid_until, created_at, updated_at) "
        "VALUES (:id, :t, :r, :a, :type, :number, :s, :app, :from, :until, :cr, :up)",
      soci::use(row.id), soci::use(row.tenant), soci::use(row.realm), soci::use(row.account_id),
      soci::use(row.member_type), soci::use(row.member_number), soci::use(row.status),
      soci::use(row.application_id), soci::use(row.valid_from),
      soci::use(until.value, until.indicator), soci::use(row.created_at), soci::use(row.updated_at);
}

void ApplicationStore::supersede_memberships(soci::session& tx, const std::string& tenant,
                                             const std::string& account_id, long long now) const {
  tx << "UPDATE memberships SET status = 'superseded', updated_at = :up WHERE tenant_slug = :t "
        "AND account_id = :a AND status = 'active'",
      soci::use(now), soci::use(tenant), soci::use(account_id);
}

std::vector<MembershipRow> ApplicationStore::memberships_of(soci::session& sql,
                                                            const std::string& account_id) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kMembershipColumns
                   << " FROM memberships WHERE account_id = :a ORDER BY created_at, id",
       soci::use(account_id));
  return memberships_from(rows);
}

std::vector<MembershipRow> ApplicationStore::memberships_of_tenant(
    soci::session& sql, const std::string& tenant, const std::string& member_type,
    const std::string& status, long long valid_from_min, long long valid_from_max) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kMembershipColumns
                   << " FROM memberships WHERE tenant_slug = :t AND (:type = '' OR member_type = "
                      ":type2) AND (:s = '' OR status = :s2) AND valid_from >= :from AND "
                      "valid_from <= :to ORDER BY valid_from DESC, id DESC",
       soci::use(tenant), soci::use(member_type), soci::use(member_type), soci::use(status),
       soci::use(status), soci::use(valid_from_min), soci::use(valid_from_max));
  return memberships_from(rows);
}

}  // namespace guildhall::workflow
