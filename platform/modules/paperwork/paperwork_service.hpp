// Printable application forms: the application's values laid out as the association's paper
// form (documents::FormSheet), for the applicant to print, have stamped by the employer, scan and
// upload, and for its reviewers. Protected values print masked, as everywhere outside a reveal.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace guildhall::db {
class Database;
}
namespace guildhall::documents {
struct FormSheet;
}
namespace guildhall::identity {
struct Principal;
}
namespace guildhall::tenancy {
struct Tenant;
class TenantRegistry;
}  // namespace guildhall::tenancy
namespace guildhall::workflow {
class WorkflowService;
}

namespace guildhall::paperwork {

struct PhotoBytes {
  std::string bytes;
};

class PaperworkService {
 public:
  // `photo(account, upload id)`: the upload's bytes when the account uploaded it.
  using PhotoSource =
      std::function<std::optional<PhotoBytes>(const std::string&, const std::string&)>;

  PaperworkService(db::Database& database, const tenancy::TenantRegistry& registry,
                   const workflow::WorkflowService& workflow, PhotoSource photo);

  // The application form as PDF, for whoever WorkflowService::get lets see the application;
  // 404 when the kind's `print` does not list pdf.
  std::string application_pdf(const tenancy::Tenant& tenant, const identity::Principal& who,
                              const std::string& application_id) const;
  // The same form as an Excel workbook (section, item, value), where `print` lists xlsx.
  std::string application_xlsx(const tenancy::Tenant& tenant, const identity::Principal& who,
                               const std::string& application_id) const;

 private:
  documents::FormSheet sheet_of(const tenancy::Tenant& tenant, const identity::Principal& who,
                                const std::string& application_id, const std::string& format) const;

  db::Database& database_;
  const tenancy::TenantRegistry& registry_;
  const workflow::WorkflowService& workflow_;
  PhotoSource photo_;
};

}  // namespace guildhall::paperwork
