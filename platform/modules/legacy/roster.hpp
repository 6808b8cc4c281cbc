// How a row of an old membership system's roster (an Excel or CSV export) becomes a legacy member
// (issue #7). Besides the roster's own columns — 会员编号, 证书编号, 会员类型, 入会日期, 有效期至 —
// a column is a field of the tenant's profile form, found by its label (姓名, 性别, 证件号码,
// 工作单位, …), its key, or a usual name of its type (手机号码 for a mobile field). Cells are read
// as people write them — option labels, "1984/9/30" or "1984年9月30日", "天津/天津市/和平区",
// organisation names — and then checked by the one form validator, so that a roster holds what
// the profile form would accept. A row without a name, a valid mobile number, a member number or
// a known member type is refused; any other cell that cannot be read is left out with a warning,
// for the member to complete when activating. No I/O: organisation names are resolved by the
// caller's function.
#pragma once

#include <functional>
#include <guildhall/sdk/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "forms/civil_date.hpp"
#include "forms/form_definition.hpp"
#include "forms/form_validator.hpp"
#include "tenancy/tenant_config.hpp"

namespace guildhall::legacy {

// The roster's own columns; any other target is a field key of the profile form.
inline constexpr std::string_view kMemberNumber = "member_number";
inline constexpr std::string_view kCertificateNumber = "certificate_number";
inline constexpr std::string_view kMemberType = "member_type";
inline constexpr std::string_view kJoinedOn = "joined_on";
inline constexpr std::string_view kValidUntil = "valid_until";

// A column an import accepts, for the template the admin page offers.
struct RosterColumn {
  std::string header;  // zh-CN
  std::string target;  // a roster column above or a profile field key
  bool required = false;
};

// Where each column of a file goes. A column names one or more targets: two profile fields may
// share a label (证件号码 for a resident ID and for a passport), and the row decides which.
struct RosterLayout {
  std::vector<std::vector<std::string>> targets;  // per column; empty: not imported
  std::vector<std::string> ignored;               // headers of the columns not imported
  std::vector<std::string> missing;               // required columns the file lacks (zh-CN)
};

struct RosterRules {
  const forms::FormDefinition* profile = nullptr;  // the tenant's profile form
  const forms::Dictionaries* dictionaries = nullptr;
  const forms::RegionCatalog* regions = nullptr;
  std::vector<tenancy::MemberType> member_types;
  forms::CivilDate today;
  // The id of the organisation of the tenant's registries with exactly this name, if any.
  std::function<std::optional<std::string>(const std::string& name)> organisation_named;
};

struct RosterIssue {
  int row = 0;
  std::string column;  // the header as the file has it; empty for the row as a whole
  std::string code;
  core::Message message;
};

// What a row holds once read: the profile values are those the profile form accepts (protected
// ones, the mobile and the ID number, included).
struct RosterRecord {
  int row = 0;
  std::string member_number;
  std::string certificate_number;  // empty: none
  std::string member_type;         // a member type key
  std::string joined_on;           // YYYY-MM-DD or empty
  std::string valid_until;         // YYYY-MM-DD or empty
  std::string name;
  std::string mobile;     // 11 digits
  std::string id_number;  // the resident ID number, empty when the roster has none
  sdk::Value values = sdk::Value::Object{};
  // The file's headers of the mobile and member number columns, for the importer's messages.
  std::string mobile_header;
  std::string number_header;
};

struct RowReading {
  std::optional<RosterRecord> record;  // none when the row is refused
  std::vector<RosterIssue> errors;     // why it was refused
  std::vector<RosterIssue> warnings;   // what was left out of an imported row
};

// Every column an import of this tenant accepts, the required ones first.
std::vector<RosterColumn> roster_columns(const RosterRules& rules);

// Matches a header row against the columns.
RosterLayout layout_of(const RosterRules& rules, const std::vector<std::string>& header);

// Reads one row (`row` is its number in the file, the header being row 1).
RowReading read_row(const RosterRules& rules, const RosterLayout& layout,
                    const std::vector<std::string>& header, int row,
                    const std::vector<std::string>& cells);

// "YYYY-MM-DD" of a date as spreadsheets and people write it: 1984-09-30, 1984/9/30, 1984.9.30,
// 1984年9月30日, 19840930, or an Excel day number (32874); nullopt when it is none of these or
// names no real day.
std::optional<std::string> read_date(std::string_view text);

}  // namespace guildhall::legacy
