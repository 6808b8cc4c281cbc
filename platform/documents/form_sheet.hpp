// A printable application form: the association's name and the form's title, the applicant's
// photo, the sections as two-column tables (label, value) whose values wrap with pango, and the
// boxes for the applicant's signature and the employer's stamp. A4 portrait, as many pages as
// the values need; section titles never end a page.
#pragma once

#include <string>
#include <vector>

namespace guildhall::documents {

struct SheetRow {
  std::string label;
  std::string text;
};

struct SheetSection {
  std::string title;
  std::vector<SheetRow> rows;
};

struct FormSheet {
  std::string organisation;  // printed above the title
  std::string title;
  std::string reference;  // a line under the title: the application's number and date
  std::string photo;      // JPEG or PNG bytes; empty: an empty box for a glued photo
  std::vector<SheetSection> sections;
  std::vector<std::string> signature_boxes;  // e.g. "申请人签名：", "工作单位意见（盖章）："
};

std::string form_sheet_pdf(const FormSheet& sheet);

}  // namespace guildhall::documents
