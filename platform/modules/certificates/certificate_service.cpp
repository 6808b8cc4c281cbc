#include "modules/certificates/certificate_service.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "documents/qr_code.hpp"
#include "documents/svg_renderer.hpp"
#include "documents/svg_template.hpp"
#include "forms/civil_date.hpp"
#include "forms/value_json.hpp"
#include "forms/value_text.hpp"
#include "modules/identity/principal.hpp"
#include "modules/identity/secrets.hpp"
#include "modules/members/member_store.hpp"
#include "modules/profiles/profile_store.hpp"
#include "modules/workflow/application_store.hpp"
#include "privacy/blind_index.hpp"
#include "privacy/masking.hpp"
#include "tenancy/tenant_directory.hpp"
#include "uploads/blob_store.hpp"

namespace guildhall::certificates {

using core::AppError;
using core::ErrorKind;
using nlohmann::json;

namespace {

constexpr std::string_view kSignaturePurpose = "certificates.qr";
constexpr std::string_view kProfileForm = "profile";

AppError not_found() {
  return AppError(ErrorKind::not_found, "certificate_not_found",
                  {"未找到该证书。", "No such certificate."});
}

std::string chinese_day(long long ms) {
  return forms::chinese_date(core::mainland_date(ms));
}

std::string compact(const std::string& iso_date) {
  std::string out;
  std::copy_if(iso_date.begin(), iso_date.end(), std::back_inserter(out),
               [](char c) { return c != '-'; });
  return out;
}

std::string iso_of_compact(const std::string& ymd) {
  return ymd.size() == 8 ? ymd.substr(0, 4) + "-" + ymd.substr(4, 2) + "-" + ymd.substr(6, 2) : ymd;
}

// The tenant's part of certificate numbers: its slug in capitals without dashes.
std::string tenant_code(const std::string& slug) {
  std::string code;
  for (const char c : slug) {
    if (c != '-') {
      code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return code;
}

const forms::Dictionaries* dictionaries_of(const tenancy::TenantDirectory::FormUse& use) {
  return use.owner ? &use.owner->config->dictionaries : nullptr;
}

std::string printed_json(const Printed& printed) {
  json fields = json::array();
  for (const auto& f : printed.fields) {
    fields.push_back({{"key", f.key}, {"label", f.label}, {"text", f.text}, {"photo", f.photo}});
  }
  return fields.dump();
}

Printed printed_from_json(const std::string& text) {
  Printed out;
  const json fields = json::parse(text, nullptr, false);
  if (fields.is_array()) {
    for (const auto& f : fields) {
      out.fields.push_back(
          {f.value("key", ""), f.value("label", ""), f.value("text", ""), f.value("photo", false)});
    }
  }
  return out;
}

bool same_values(const Printed& a, const Printed& b) {
  return a.fields.size() == b.fields.size() &&
         std::equal(a.fields.begin(), a.fields.end(), b.fields.begin(),
                    [](const PrintedField& x, const PrintedField& y) {
                      return x.key == y.key && x.text == y.text;
                    });
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw AppError(
        ErrorKind::internal, "certificate_template_unreadable",
        {"证书模板无法读取，请联系管理员。", "The certificate template cannot be read."});
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CertificateService::CertificateService(db::Database& database,
                                       const tenancy::TenantRegistry& registry,
                                       std::shared_ptr<const privacy::KeyRing> keys,
                                       std::shared_ptr<uploads::BlobStore> blobs,
                                       const core::Clock& clock, std::string templates_dir,
                                       std::string public_url, CertificateDeps deps)
    : database_(database),
      registry_(registry),
      keys_(std::move(keys)),
      blobs_(std::move(blobs)),
      clock_(clock),
      templates_dir_(std::move(templates_dir)),
      public_url_(std::move(public_url)),
      deps_(std::move(deps)) {
  while (!public_url_.empty() && public_url_.back() == '/') {
    public_url_.pop_back();
  }
}

CertificateService::~CertificateService() {
  stopping_ = true;
  for (auto& worker : workers_) {
    worker.join();
  }
}

std::string CertificateService::sign(const std::string& tenant, const std::string& number,
                                     const std::string& issued_on) const {
  return privacy::BlindIndex(keys_).of(kSignaturePurpose, privacy::ValueKind::exact,
                                       tenant + "|" + number + "|" + issued_on);
}

std::string CertificateService::verification_url(const std::string& tenant,
                                                 const std::string& number,
                                                 const std::string& issued_on) const {
  return public_url_ + "/v/" + tenant + "/" + number + "?d=" + issued_on +
         "&s=" + sign(tenant, number, issued_on);
}

std::vector<std::string> CertificateService::subtree(const tenancy::Tenant& tenant) const {
  return registry_.current()->subtree(tenant.slug());
}

void CertificateService::authorize_admin(const tenancy::Tenant& tenant,
                                         const identity::Principal& who) const {
  if (who.realm != tenant.realm || !deps_.administers || !deps_.administers(who, tenant)) {
    throw AppError(ErrorKind::forbidden, "admins_only",
                   {"只有本机构的管理员可以管理证书。",
                    "Only the organisation's admins manage certificates."});
  }
}

Printed CertificateService::printed_of(const tenancy::Tenant& tenant,
                                       const std::string& account_id) const {
  const auto directory = registry_.current();
  const auto use = directory->find_form(tenant.slug(), kProfileForm);
  const sdk::Value profile = deps_.profile_values(account_id);
  Printed out;
  database_.run([&](soci::session& sql) {
    // Every certificate prints the holder's name, whether or not the tenant lists it.
    std::vector<std::string> keys = tenant.config->certificate_fields;
    if (std::find(keys.begin(), keys.end(), "name") == keys.end()) {
      keys.insert(keys.begin(), "name");
    }
    for (const auto& key : keys) {
      const forms::Field* field = use.form != nullptr ? use.form->find(key) : nullptr;
      PrintedField p{key, field != nullptr ? field->label.zh_cn : key, "", false};
      const sdk::Value* value = profile.find(key);
      if (field != nullptr && value != nullptr && !value->is_null()) {
        p.photo = field->type == forms::FieldType::upload;
        p.text = p.photo ? forms::first_upload_id(*value)
                         : forms::value_text(
                               *field, *value, dictionaries_of(use), [&sql](const std::string& id) {
                                 return members::MemberStore{}.organisation_name(sql, id);
                               });
      }
      if (p.text.empty()) {
        out.missing[key] = "请先在个人资料中填写“" + p.label + "”。";
      }
      out.fields.push_back(std::move(p));
    }
  });
  return out;
}

std::string CertificateService::render(const tenancy::Tenant& tenant,
                                       const workflow::MembershipRow& m, const Printed& printed,
                                       const std::string& number, const std::string& issued_on,
                                       const std::string& qr_text,
                                       std::string* template_version) const {
  if (tenant.config->certificate_template.empty()) {
    throw AppError(ErrorKind::conflict, "no_certificate_template",
                   {"本机构尚未配置证书模板，请联系管理员。",
                    "This organisation has no certificate template yet."});
  }
  const std::string text = read_file(templates_dir_ + "/" + tenant.config->certificate_template);
  if (template_version != nullptr) {
    *template_version = identity::sha256_hex(text).substr(0, 16);
  }
  const auto svg = documents::SvgTemplate::parse(text, tenant.config->certificate_template);
  const auto directory = registry_.current();
  std::map<std::string, std::string> values{
      {"tenant_name", tenant.config->name.zh_cn},
      {"member_type", directory->member_type_name(m.tenant, m.member_type)},
      {"member_number", m.member_number},
      {"certificate_number", number},
      {"valid_from", chinese_day(m.valid_from)},
      {"valid_until", m.valid_until ? chinese_day(*m.valid_until) : "长期"},
      {"issued_on", forms::chinese_date(iso_of_compact(issued_on))},
      {"verify_url", qr_text},
      {"qr_code_href", documents::data_uri("image/png", documents::qr_png(qr_text))}};
  for (const auto& f : printed.fields) {
    if (f.key == "name") {
      values["member_name"] = f.text;
    }
    if (!f.photo) {
      values[f.key] = f.text;
    } else if (const auto photo = deps_.photo(m.account_id, f.text)) {
      values[f.key + "_href"] = documents::data_uri(photo->content_type, photo->bytes);
    }
  }
  return svg.fill(values);
}

workflow::MembershipRow CertificateService::own_membership(const tenancy::Tenant& tenant,
                                                           const identity::Principal& who,
                                                           const std::string& membership_id) const {
  std::optional<workflow::MembershipRow> found;
  database_.run([&](soci::session& sql) {
    for (auto& m : workflow::ApplicationStore{}.memberships_of(sql, who.account_id)) {
      if (m.id == membership_id && m.tenant == tenant.slug()) {
        found = std::move(m);
      }
    }
  });
  if (!found) {
    throw AppError(ErrorKind::not_found, "membership_not_found",
                   {"未找到该会员资格。", "No such membership."});
  }
  return *found;
}

namespace {

void require_active(const workflow::MembershipRow& m, long long now) {
  if (m.status != "active" || (m.valid_until && *m.valid_until < now)) {
    throw AppError(
        ErrorKind::conflict, "membership_not_active",
        {"会员资格有效期内才能领取证书。", "Certificates are issued for active memberships only."});
  }
}

}  // namespace

CertificateRow CertificateService::issue_for(const tenancy::Tenant& tenant,
                                             const workflow::MembershipRow& m,
                                             const std::string& actor) const {
  const long long now = clock_.now_ms();
  require_active(m, now);
  if (tenant.config->certificate_requires_paid_dues) {
    bool paid = false;
    database_.run([&](soci::session& sql) {
      paid = members::MemberStore{}.dues_paid(sql, m.id,
                                              std::stoi(core::mainland_date(now).substr(0, 4)));
    });
    if (!paid) {
      throw AppError(ErrorKind::conflict, "dues_unpaid",
                     {"请先缴纳本年度会费，协会确认到账后即可领取证书。",
                      "Pay this year's dues first; the certificate follows once they are "
                      "confirmed."});
    }
  }
  const Printed printed = printed_of(tenant, m.account_id);
  if (!printed.missing.empty()) {
    std::vector<core::FieldIssue> fields;
    for (const auto& [key, message] : printed.missing) {
      fields.push_back({key, "required", {message, "Fill this in your profile first."}});
    }
    throw AppError(ErrorKind::validation, "certificate_fields_missing",
                   {"证书信息不完整，请先完善个人资料。",
                    "The certificate's details are incomplete; complete your profile first."})
        .with_fields(std::move(fields));
  }
  CertificateRow row;
  row.id = identity::new_id(now);
  row.tenant = tenant.slug();
  row.account_id = m.account_id;
  row.membership_id = m.id;
  row.member_type = m.member_type;
  row.template_path = tenant.config->certificate_template;
  row.issued_on = compact(core::mainland_date(now));
  row.issued_at = now;
  row.issued_by = actor;
  row.status = "active";
  row.printed_json = printed_json(printed);
  row.updated_at = now;
  const int year = std::stoi(row.issued_on.substr(0, 4));
  database_.repeatable_transaction([&](soci::session& tx) {
    const long long sequence = store_.next_sequence(tx, tenant.slug(), year);
    std::string digits = std::to_string(sequence);
    digits.insert(0, digits.size() < 6 ? 6 - digits.size() : 0, '0');
    // "ZS" (证书) keeps certificate numbers apart from member numbers, which a tenant may
    // also begin with its code and the year.
    row.number = "ZS" + tenant_code(tenant.slug()) + std::to_string(year) + digits;
    // Rendering inside the transaction keeps the number and the PDF one: a failed render gives
    // the number back.
    const std::string pdf = documents::pdf_from_svg(
        render(tenant, m, printed, row.number, row.issued_on,
               verification_url(row.tenant, row.number, row.issued_on), &row.template_version),
        "会员证书 " + row.number);
    row.pdf_key = blobs_->put(
        std::span(reinterpret_cast<const unsigned char*>(pdf.data()), pdf.size()), row.id);
    store_.insert(tx, row);
    store_.supersede(tx, tenant.slug(), m.account_id, row.id, now);
  });
  spdlog::info("certificate {} issued to {} in {}", row.number, m.account_id, row.tenant);
  return row;
}

std::vector<MemberCertificate> CertificateService::mine(const tenancy::Tenant& tenant,
                                                        const identity::Principal& who) const {
  std::vector<workflow::MembershipRow> memberships;
  std::vector<CertificateRow> certificates;
  std::vector<std::string> locked;
  database_.run([&](soci::session& sql) {
    memberships = workflow::ApplicationStore{}.memberships_of(sql, who.account_id);
    certificates = store_.of_account(sql, who.account_id);
    locked = profiles::ProfileStore{}.locked_fields(sql, who.account_id,
                                                    profiles::kCertificateLockHolder);
  });
  const auto directory = registry_.current();
  const long long now = clock_.now_ms();
  const Printed printed = printed_of(tenant, who.account_id);
  std::vector<MemberCertificate> out;
  for (const auto& m : memberships) {
    if (m.tenant != tenant.slug()) {
      continue;
    }
    MemberCertificate c;
    c.membership_id = m.id;
    c.member_type_name = directory->member_type_name(m.tenant, m.member_type);
    c.member_number = m.member_number;
    c.membership_status =
        m.status == "active" && m.valid_until && *m.valid_until < now ? "expired" : m.status;
    c.valid_from = m.valid_from;
    c.valid_until = m.valid_until;
    c.printed = printed;
    for (const auto& cert : certificates) {
      if (cert.membership_id == m.id && cert.status == "active") {
        c.current = cert;
        c.printed_changed = !same_values(printed_from_json(cert.printed_json), printed);
      }
    }
    c.dues_required = tenant.config->certificate_requires_paid_dues;
    if (c.dues_required) {
      database_.run([&](soci::session& sql) {
        c.dues_paid = members::MemberStore{}.dues_paid(
            sql, m.id, std::stoi(core::mainland_date(now).substr(0, 4)));
      });
    }
    c.locked = std::any_of(printed.fields.begin(), printed.fields.end(), [&](const auto& f) {
      return std::find(locked.begin(), locked.end(), f.key) != locked.end();
    });
    out.push_back(std::move(c));
  }
  return out;
}

std::string CertificateService::preview(const tenancy::Tenant& tenant,
                                        const identity::Principal& who,
                                        const std::string& membership_id) const {
  const auto m = own_membership(tenant, who, membership_id);
  const Printed printed = printed_of(tenant, who.account_id);
  // The sample QR code holds no URL, so a screenshot of the preview verifies nothing.
  return documents::png_from_svg(
      render(tenant, m, printed, "（确认后生成）", compact(core::mainland_date(clock_.now_ms())),
             "预览样本：确认信息后生成可验证的证书", nullptr),
      1600);
}

CertificateRow CertificateService::confirm(const tenancy::Tenant& tenant,
                                           const identity::Principal& who,
                                           const std::string& membership_id) const {
  const auto m = own_membership(tenant, who, membership_id);
  std::optional<CertificateRow> current;
  database_.run([&](soci::session& sql) {
    for (auto& c : store_.of_account(sql, who.account_id)) {
      if (c.membership_id == m.id && c.status == "active") {
        current = std::move(c);
      }
    }
  });
  if (current &&
      same_values(printed_from_json(current->printed_json), printed_of(tenant, who.account_id))) {
    return *current;
  }
  return issue_for(tenant, m, who.account_id);
}

CertificatePdf CertificateService::pdf(const tenancy::Tenant& tenant,
                                       const identity::Principal& who,
                                       const std::string& certificate_id) const {
  std::optional<CertificateRow> row;
  database_.run([&](soci::session& sql) { row = store_.find(sql, certificate_id); });
  if (!row) {
    throw not_found();
  }
  const bool owner = row->account_id == who.account_id && row->tenant == tenant.slug();
  if (!owner) {
    const auto directory = registry_.current();
    // Anyone else learns nothing, not even that the id exists.
    if (!directory->in_subtree(row->tenant, tenant.slug()) || who.realm != tenant.realm ||
        !deps_.administers || !deps_.administers(who, tenant)) {
      throw not_found();
    }
  }
  const auto bytes = blobs_->get(row->pdf_key, row->id);
  if (owner && row->status == "active") {
    const long long now = clock_.now_ms();
    std::vector<std::string> fields;
    for (const auto& f : printed_from_json(row->printed_json).fields) {
      fields.push_back(f.key);
    }
    database_.transaction([&](soci::session& tx) {
      store_.mark_downloaded(tx, row->id, now);
      const profiles::ProfileStore locks;
      locks.unlock(tx, row->account_id, profiles::kCertificateLockHolder);
      locks.lock(tx, row->account_id, fields, profiles::kCertificateLockHolder, now);
    });
  }
  return {{bytes.begin(), bytes.end()}, row->number};
}

std::vector<CertificateEntry> CertificateService::list(const tenancy::Tenant& tenant,
                                                       const identity::Principal& who,
                                                       const std::string& q,
                                                       const std::string& status) const {
  authorize_admin(tenant, who);
  static const std::vector<std::string> kStatuses = {"", "active", "superseded", "revoked"};
  if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end()) {
    throw AppError(ErrorKind::validation, "invalid_filter",
                   {"请检查筛选条件。", "Check the filters."})
        .with_fields({{"status",
                       "invalid",
                       {"状态只能是有效、已失效或已撤销。",
                        "Status is one of active, superseded, revoked."}}});
  }
  const auto directory = registry_.current();
  std::vector<CertificateEntry> out;
  database_.run([&](soci::session& sql) {
    const workflow::ApplicationStore applications;
    std::map<std::string, std::string> numbers;
    for (const auto& slug : subtree(tenant)) {
      for (const auto& m :
           applications.memberships_of_tenant(sql, slug, "", "", 0, 9'000'000'000'000'000LL)) {
        numbers[m.id] = m.member_number;
      }
      for (auto& row : store_.of_tenant(sql, slug)) {
        if (!status.empty() && row.status != status) {
          continue;
        }
        CertificateEntry e;
        for (const auto& f : printed_from_json(row.printed_json).fields) {
          if (f.key == "name") {
            e.holder_name = f.text;
          }
        }
        e.member_number = numbers[row.membership_id];
        e.member_type_name = directory->member_type_name(row.tenant, row.member_type);
        const bool match = q.empty() || e.holder_name.find(q) != std::string::npos ||
                           row.number.rfind(q, 0) == 0 || e.member_number.rfind(q, 0) == 0;
        if (match) {
          e.row = std::move(row);
          out.push_back(std::move(e));
        }
      }
    }
  });
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.row.issued_at != b.row.issued_at ? a.row.issued_at > b.row.issued_at
                                              : a.row.id > b.row.id;
  });
  return out;
}

CertificateRow CertificateService::issue(const tenancy::Tenant& tenant,
                                         const identity::Principal& who,
                                         const std::string& membership_id) const {
  authorize_admin(tenant, who);
  std::optional<workflow::MembershipRow> found;
  const auto directory = registry_.current();
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
  const auto owner = directory->find(found->tenant);
  return issue_for(*owner, *found, who.account_id);
}

CertificateRow CertificateService::revoke(const tenancy::Tenant& tenant,
                                          const identity::Principal& who,
                                          const std::string& certificate_id,
                                          const std::string& reason) const {
  authorize_admin(tenant, who);
  if (reason.empty() || reason.size() > 500) {
    throw AppError(ErrorKind::validation, "validation_failed",
                   {"请检查填写的内容。", "Check the form."})
        .with_fields(
            {{"reason",
              "required",
              {"请填写撤销原因（500 字以内）。", "Give the reason (at most 500 characters)."}}});
  }
  std::optional<CertificateRow> row;
  const long long now = clock_.now_ms();
  database_.transaction([&](soci::session& tx) {
    row = store_.find(tx, certificate_id);
    if (!row || !registry_.current()->in_subtree(row->tenant, tenant.slug())) {
      throw not_found();
    }
    if (!store_.revoke(tx, certificate_id, who.account_id, reason, now)) {
      throw AppError(ErrorKind::conflict, "certificate_not_active",
                     {"只能撤销有效的证书。", "Only a valid certificate can be revoked."});
    }
    row = store_.find(tx, certificate_id);
  });
  return *row;
}

BatchProgress CertificateService::start_batch(const tenancy::Tenant& tenant,
                                              const identity::Principal& who,
                                              std::vector<std::string> membership_ids) {
  authorize_admin(tenant, who);
  const auto directory = registry_.current();
  const long long now = clock_.now_ms();
  std::vector<workflow::MembershipRow> todo;
  database_.run([&](soci::session& sql) {
    std::set<std::string> certified;
    for (const auto& slug : subtree(tenant)) {
      for (const auto& c : store_.of_tenant(sql, slug)) {
        if (c.status == "active") {
          certified.insert(c.membership_id);
        }
      }
    }
    for (const auto& slug : subtree(tenant)) {
      for (auto& m : workflow::ApplicationStore{}.memberships_of_tenant(sql, slug, "", "active", 0,
                                                                        9'000'000'000'000'000LL)) {
        const bool wanted = membership_ids.empty()
                                ? !certified.contains(m.id)
                                : std::find(membership_ids.begin(), membership_ids.end(), m.id) !=
                                      membership_ids.end();
        if (wanted && !(m.valid_until && *m.valid_until < now)) {
          todo.push_back(std::move(m));
        }
      }
    }
  });
  BatchProgress job;
  job.id = identity::new_id(now);
  job.tenant = tenant.slug();
  job.total = static_cast<int>(todo.size());
  job.finished = todo.empty();
  {
    std::lock_guard lock(jobs_mutex_);
    jobs_[job.id] = job;
  }
  if (todo.empty()) {
    return job;
  }
  const std::string actor = who.account_id;
  workers_.emplace_back([this, job_id = job.id, todo = std::move(todo), actor] {
    for (const auto& m : todo) {
      if (stopping_) {
        break;
      }
      std::string failure;
      try {
        const auto owner = registry_.current()->find(m.tenant);
        issue_for(*owner, m, actor);
      } catch (const AppError& e) {
        failure = e.message().zh_cn;
        for (const auto& f : e.fields()) {
          failure += " " + f.message.zh_cn;
        }
      } catch (const std::exception& e) {
        spdlog::error("batch certificate for membership {}: {}", m.id, e.what());
        failure = "生成失败，请稍后重试。";
      }
      std::string holder;
      if (!failure.empty()) {
        const auto values = deps_.profile_values(m.account_id);
        const sdk::Value* name = values.find("name");
        holder = name != nullptr && name->is_string() ? name->as_string() : m.member_number;
      }
      std::lock_guard lock(jobs_mutex_);
      auto& progress = jobs_[job_id];
      ++progress.done;
      if (failure.empty()) {
        ++progress.issued;
      } else {
        progress.failures.emplace_back(holder, failure);
      }
    }
    std::lock_guard lock(jobs_mutex_);
    jobs_[job_id].finished = true;
  });
  return job;
}

BatchProgress CertificateService::batch(const tenancy::Tenant& tenant,
                                        const identity::Principal& who,
                                        const std::string& job_id) const {
  authorize_admin(tenant, who);
  std::lock_guard lock(jobs_mutex_);
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end() || it->second.tenant != tenant.slug()) {
    throw AppError(ErrorKind::not_found, "job_not_found", {"未找到该任务。", "No such job."});
  }
  return it->second;
}

Verification CertificateService::verify(const std::string& tenant, const std::string& number,
                                        const std::string& issued_on,
                                        const std::string& signature) const {
  if (tenant.size() > 64 || number.size() > 40 || issued_on.size() != 8 || signature.size() > 80) {
    throw not_found();
  }
  const std::string message = tenant + "|" + number + "|" + issued_on;
  bool signed_ok = false;
  for (const auto& candidate : privacy::BlindIndex(keys_).candidates(
           kSignaturePurpose, privacy::ValueKind::exact, message)) {
    signed_ok = identity::equal_secrets(candidate, signature) || signed_ok;
  }
  if (!signed_ok) {
    throw not_found();
  }
  const auto directory = registry_.current();
  const auto owner = directory->find(tenant);
  std::optional<CertificateCheck> row;
  database_.run([&](soci::session& sql) { row = store_.check(sql, tenant, number); });
  if (!row || !owner || row->issued_on != issued_on) {
    throw not_found();
  }
  Verification v;
  v.tenant_name = owner->config->name.zh_cn;
  v.member_type_name = directory->member_type_name(row->tenant, row->member_type);
  v.number = number;
  v.issued_on = iso_of_compact(row->issued_on);
  for (const auto& f : printed_from_json(row->printed_json).fields) {
    if (f.key == "name") {
      v.holder = privacy::mask_name(f.text);
    }
  }
  v.valid_until = row->valid_until;
  const std::string& membership = row->membership_status;
  if (row->status == "revoked") {
    v.status = "revoked";
  } else if (row->status == "superseded" || membership == "superseded") {
    v.status = "superseded";
  } else if (membership == "frozen") {
    v.status = "suspended";
  } else if (membership != "active" || (row->valid_until && *row->valid_until < clock_.now_ms())) {
    v.status = "expired";
  } else {
    v.status = "valid";
  }
  return v;
}

}  // namespace guildhall::certificates
