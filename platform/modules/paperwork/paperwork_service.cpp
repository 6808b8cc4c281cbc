#include "modules/paperwork/paperwork_service.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "db/database.hpp"
#include "documents/form_sheet.hpp"
#include "documents/spreadsheet.hpp"
#include "forms/value_text.hpp"
#include "modules/identity/principal.hpp"
#include "modules/members/member_store.hpp"
#include "modules/workflow/workflow_service.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::paperwork {
namespace {

// The photo: an upload field that takes one image and nothing else.
bool is_photo(const forms::Field& field) {
  if (field.type != forms::FieldType::upload || !field.upload || field.upload->max_count != 1) {
    return false;
  }
  const auto& types = field.upload->types;
  return !types.empty() && std::all_of(types.begin(), types.end(), [](const std::string& t) {
    return t == "jpg" || t == "png";
  });
}

}  // namespace

PaperworkService::PaperworkService(db::Database& database, const tenancy::TenantRegistry& registry,
                                   const workflow::WorkflowService& workflow, PhotoSource photo)
    : database_(database), registry_(registry), workflow_(workflow), photo_(std::move(photo)) {}

std::string PaperworkService::application_pdf(const tenancy::Tenant& tenant,
                                              const identity::Principal& who,
                                              const std::string& application_id) const {
  return documents::form_sheet_pdf(sheet_of(tenant, who, application_id, "pdf"));
}

std::string PaperworkService::application_xlsx(const tenancy::Tenant& tenant,
                                               const identity::Principal& who,
                                               const std::string& application_id) const {
  using documents::Cell;
  const auto form = sheet_of(tenant, who, application_id, "xlsx");
  documents::Sheet sheet{"申请表", {{"栏目", 16}, {"项目", 20}, {"填写内容", 60}}, {}};
  sheet.rows.push_back(
      {Cell::of_text(form.organisation), Cell::of_text(form.title), Cell::of_text(form.reference)});
  for (const auto& section : form.sections) {
    for (const auto& row : section.rows) {
      sheet.rows.push_back(
          {Cell::of_text(section.title), Cell::of_text(row.label), Cell::of_text(row.text)});
    }
  }
  for (const auto& box : form.signature_boxes) {
    sheet.rows.push_back({Cell::of_text("签字盖章"), Cell::of_text(box), Cell::blank()});
  }
  return documents::xlsx(sheet);
}

documents::FormSheet PaperworkService::sheet_of(const tenancy::Tenant& tenant,
                                                const identity::Principal& who,
                                                const std::string& application_id,
                                                const std::string& format) const {
  const auto view = workflow_.get(tenant, who, application_id);
  const auto directory = registry_.current();
  const auto owner = directory->find(view.row.tenant);
  const tenancy::ApplicationKind* kind = nullptr;
  for (const auto* k : workflow_.kinds(owner ? *owner : tenant)) {
    if (k->key == view.row.kind) {
      kind = k;
    }
  }
  if (kind == nullptr ||
      std::find(kind->print.begin(), kind->print.end(), format) == kind->print.end()) {
    throw core::AppError(
        core::ErrorKind::not_found, "no_printable_form",
        {"该申请没有此格式的申请表。", "This application has no form to print in that format."});
  }
  documents::FormSheet sheet;
  sheet.organisation = owner ? owner->config->name.zh_cn : tenant.config->name.zh_cn;
  sheet.title = kind->title.zh_cn + "表";
  sheet.reference = "申请编号 " + view.row.id;
  if (view.row.submitted_at) {
    sheet.reference += "　提交日期 " + core::mainland_date(*view.row.submitted_at);
  }
  sheet.signature_boxes = {"申请人签名：", "工作单位意见（盖章）："};
  const auto use = directory->find_form(view.row.tenant, kind->form);
  if (use.form == nullptr) {
    return sheet;
  }
  const forms::Dictionaries* dictionaries = use.owner ? &use.owner->config->dictionaries : nullptr;
  database_.run([&](soci::session& sql) {
    const forms::OrganisationName organisation = [&sql](const std::string& id) {
      return members::MemberStore{}.organisation_name(sql, id);
    };
    for (const auto& section : use.form->sections) {
      documents::SheetSection out{section.title.zh_cn, {}};
      for (const auto& field : section.fields) {
        std::string text;
        if (const auto masked = view.masked.find(field.key); masked != view.masked.end()) {
          text = masked->second;
        } else if (const sdk::Value* value = view.values.find(field.key)) {
          if (is_photo(field)) {
            if (sheet.photo.empty() && photo_) {
              if (auto photo = photo_(view.row.account_id, forms::first_upload_id(*value))) {
                sheet.photo = std::move(photo->bytes);
              }
            }
            continue;
          }
          text = forms::value_text(field, *value, dictionaries, organisation);
        }
        if (!text.empty()) {
          out.rows.push_back({field.label.zh_cn, text});
        }
      }
      if (!out.rows.empty()) {
        sheet.sections.push_back(std::move(out));
      }
    }
  });
  return sheet;
}

}  // namespace guildhall::paperwork
