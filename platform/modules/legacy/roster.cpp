#include "modules/legacy/roster.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>

#include "core/text.hpp"
#include "forms/region_catalog.hpp"

namespace guildhall::legacy {
namespace {

using core::Message;
using forms::Field;
using forms::FieldType;

struct OwnColumn {
  std::string_view target;
  std::string_view header;  // the template's header
  bool required;
  std::vector<std::string_view> names;
};

const std::vector<OwnColumn>& own_columns() {
  static const std::vector<OwnColumn> kColumns = {
      {kMemberNumber, "会员编号", true, {"会员编号", "原会员编号", "会员号", "member_number"}},
      {kMemberType, "会员类型", true, {"会员类型", "会员类别", "member_type"}},
      {kCertificateNumber,
       "证书编号",
       false,
       {"证书编号", "原证书编号", "会员证书编号", "certificate_number"}},
      {kJoinedOn, "入会日期", false, {"入会日期", "入会时间", "joined_on"}},
      {kValidUntil,
       "有效期至",
       false,
       {"有效期至", "会员有效期至", "有效期", "到期日期", "valid_until"}},
  };
  return kColumns;
}

// What else people call a column holding a field of this type.
std::vector<std::string_view> type_names(FieldType type) {
  switch (type) {
    case FieldType::mobile:
      return {"手机号", "手机号码", "手机", "移动电话", "联系电话"};
    case FieldType::email:
      return {"邮箱", "电子邮箱", "电子邮件", "e-mail", "email"};
    case FieldType::id_number:
      return {"身份证号", "身份证号码", "证件号码"};
    case FieldType::organisation:
      return {"工作单位", "单位", "单位名称"};
    case FieldType::region:
      return {"所在地区", "地区", "省市"};
    default:
      return {};
  }
}

// Headers compare without spaces, asterisks (required marks), colons, a byte order mark and case.
std::string header_key(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '*' || c == ':' || c == '\t') {
      continue;
    }
    if (text.substr(i, 3) == "＊" || text.substr(i, 3) == "：" || text.substr(i, 3) == "　") {
      i += 2;
      continue;
    }
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

// Blanks at either end, the full-width space too, as Chinese spreadsheets often have it.
std::string trimmed(std::string_view text) {
  std::string out = core::trimmed(text);
  std::string_view rest = out;
  while (rest.starts_with("　") || rest.ends_with("　")) {
    rest = rest.starts_with("　") ? rest.substr(3) : rest.substr(0, rest.size() - 3);
  }
  return core::trimmed(rest);
}

bool importable(const Field& field) {
  return field.type != FieldType::upload && field.type != FieldType::committee_member;
}

const std::vector<forms::Option>& options_of(const RosterRules& rules, const Field& field) {
  if (field.dictionary && rules.dictionaries != nullptr) {
    if (const auto it = rules.dictionaries->find(*field.dictionary);
        it != rules.dictionaries->end()) {
      return it->second;
    }
  }
  return field.options;
}

// The option a person means: its value or label exactly, else by what they wrote before a "/" or
// "," ("中级/主管药师" for 中级（主治医师、主管药师等）).
std::optional<std::string> option_value(const std::vector<forms::Option>& options,
                                        const std::string& text) {
  for (const auto& option : options) {
    if (text == option.value || text == option.label.zh_cn || text == option.label.in("en")) {
      return option.value;
    }
  }
  std::string head = text;
  for (const std::string_view separator : {"/", ",", "，", "、", "（", "("}) {
    if (const auto at = head.find(separator); at != std::string::npos && at > 0) {
      head.resize(at);
    }
  }
  // Then the one option whose label begins with it, else the one that contains it (身份证 for
  // 居民身份证); more than one means the person must choose.
  for (const bool anywhere : {false, true}) {
    std::optional<std::string> found;
    int count = 0;
    for (const auto& option : options) {
      const auto at = option.label.zh_cn.find(head);
      if (head.size() >= 3 && at != std::string::npos && (anywhere || at == 0)) {
        found = option.value;
        ++count;
      }
    }
    if (count == 1) {
      return found;
    }
    if (count > 1) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string part;
  const auto flush = [&] {
    if (auto t = trimmed(part); !t.empty()) {
      out.push_back(std::move(t));
    }
    part.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ',' || text[i] == ';' || text[i] == '|') {
      flush();
    } else if (text.compare(i, 3, "，") == 0 || text.compare(i, 3, "、") == 0 ||
               text.compare(i, 3, "；") == 0) {
      flush();
      i += 2;
    } else {
      part += text[i];
    }
  }
  flush();
  return out;
}

Message unreadable(const Field& field, const std::string& text, std::string_view why_zh,
                   std::string_view why_en) {
  return {"“" + text + "”" + std::string(why_zh) + "，未导入" + field.label.zh_cn +
              "；会员激活时再填写",
          "\"" + text + "\" " + std::string(why_en) + "; " + field.label.in("en") +
              " was left out for the member to complete"};
}

// The cell as the field stores it, or the reason it cannot be read.
struct Cell {
  std::optional<sdk::Value> value;
  std::optional<Message> problem;
};

Cell read_cell(const RosterRules& rules, const Field& field, const std::string& text) {
  switch (field.type) {
    case FieldType::number: {
      double number = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return {std::nullopt, unreadable(field, text, "不是数字", "is not a number")};
      }
      if (number == static_cast<double>(static_cast<std::int64_t>(number))) {
        return {sdk::Value(static_cast<std::int64_t>(number)), std::nullopt};
      }
      return {sdk::Value(number), std::nullopt};
    }
    case FieldType::select:
    case FieldType::radio:
    case FieldType::checkbox: {
      const auto& options = options_of(rules, field);
      if (field.type == FieldType::checkbox && options.empty()) {
        static const std::vector<std::string_view> kYes = {"是", "√", "y", "yes", "true", "1"};
        static const std::vector<std::string_view> kNo = {"否", "×", "n", "no", "false", "0"};
        std::string lower = text;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
          return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        });
        if (std::find(kYes.begin(), kYes.end(), lower) != kYes.end()) {
          return {sdk::Value(true), std::nullopt};
        }
        if (std::find(kNo.begin(), kNo.end(), lower) != kNo.end()) {
          return {sdk::Value(false), std::nullopt};
        }
        return {std::nullopt, unreadable(field, text, "不是“是”或“否”", "is not yes or no")};
      }
      if (field.type == FieldType::checkbox || field.multiple) {
        sdk::Value::Array chosen;
        for (const auto& part : split_list(text)) {
          const auto value = option_value(options, part);
          if (!value) {
            return {std::nullopt,
                    unreadable(field, part, "不是可选项", "is not one of the options")};
          }
          chosen.emplace_back(*value);
        }
        return {sdk::Value(std::move(chosen)), std::nullopt};
      }
      if (const auto value = option_value(options, text)) {
        return {sdk::Value(*value), std::nullopt};
      }
      return {std::nullopt, unreadable(field, text, "不是可选项", "is not one of the options")};
    }
    case FieldType::date:
      if (const auto date = read_date(text)) {
        return {sdk::Value(*date), std::nullopt};
      }
      return {std::nullopt, unreadable(field, text, "不是日期", "is not a date")};
    case FieldType::region:
      if (rules.regions != nullptr) {
        if (const auto path = rules.regions->path_of_text(text)) {
          sdk::Value::Array codes(path->begin(), path->end());
          return {sdk::Value(std::move(codes)), std::nullopt};
        }
      }
      return {std::nullopt,
              unreadable(field, text, "不是可识别的省/市/区", "is not a known region")};
    case FieldType::organisation:
      if (rules.organisation_named) {
        if (const auto id = rules.organisation_named(text)) {
          return {sdk::Value(*id), std::nullopt};
        }
      }
      // Kept as the name the old system had, where the form lets one type a name.
      if (field.free_text_when) {
        return {sdk::Value(sdk::Value::Object{{"name", sdk::Value(text)}}), std::nullopt};
      }
      return {std::nullopt,
              Message{"单位库中没有“" + text + "”，未导入" + field.label.zh_cn +
                          "；会员激活时从单位库中选择（缺少的单位请先在单位库中添加）",
                      "\"" + text + "\" is not in the organisation registry; the member chooses " +
                          field.label.in("en") +
                          " from the registry when activating (add missing ones first)"}};
    default:
      return {sdk::Value(text), std::nullopt};
  }
}

void put(sdk::Value& object, const std::string& key, sdk::Value value) {
  auto& members = object.as_object();
  std::erase_if(members, [&](const auto& m) { return m.first == key; });
  members.emplace_back(key, std::move(value));
}

bool empty_in(const sdk::Value& values, const std::string& key) {
  const sdk::Value* v = values.find(key);
  return v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty());
}

std::string text_of(const sdk::Value& values, const std::string& key) {
  const sdk::Value* v = values.find(key);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

// 17 digits and a digit or X: the shape of a resident ID number, right or wrong.
bool looks_like_resident_id(const std::string& text) {
  if (text.size() != 18) {
    return false;
  }
  for (std::size_t i = 0; i < 17; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  const char last = text[17];
  return (last >= '0' && last <= '9') || last == 'X' || last == 'x';
}

const Field* first_of_type(const forms::FormDefinition& form, FieldType type) {
  for (const auto& section : form.sections) {
    for (const auto& field : section.fields) {
      if (field.type == type) {
        return &field;
      }
    }
  }
  return nullptr;
}

}  // namespace

std::vector<RosterColumn> roster_columns(const RosterRules& rules) {
  std::vector<RosterColumn> out;
  for (const auto& own : own_columns()) {
    if (own.required) {
      out.push_back({std::string(own.header), std::string(own.target), true});
    }
  }
  const Field* mobile = first_of_type(*rules.profile, FieldType::mobile);
  for (const auto& section : rules.profile->sections) {
    for (const auto& field : section.fields) {
      if (field.key == "name" || &field == mobile) {
        out.insert(out.begin() + (field.key == "name" ? 0 : 1),
                   {field.label.zh_cn, field.key, true});
      }
    }
  }
  for (const auto& own : own_columns()) {
    if (!own.required) {
      out.push_back({std::string(own.header), std::string(own.target), false});
    }
  }
  std::vector<std::string> seen;
  for (const auto& section : rules.profile->sections) {
    for (const auto& field : section.fields) {
      if (!importable(field) || field.key == "name" || &field == mobile ||
          std::find(seen.begin(), seen.end(), field.label.zh_cn) != seen.end()) {
        continue;
      }
      seen.push_back(field.label.zh_cn);
      out.push_back({field.label.zh_cn, field.key, false});
    }
  }
  return out;
}

RosterLayout layout_of(const RosterRules& rules, const std::vector<std::string>& header) {
  RosterLayout layout;
  std::vector<std::string> found;
  for (const auto& cell : header) {
    const std::string key = header_key(cell);
    std::vector<std::string> targets;
    for (const auto& own : own_columns()) {
      for (const auto name : own.names) {
        if (key == header_key(name) && targets.empty()) {
          targets.push_back(std::string(own.target));
        }
      }
    }
    // Labels first: a column named 联系电话 is the work phone where the form has such a field.
    if (targets.empty()) {
      for (const auto& section : rules.profile->sections) {
        for (const auto& field : section.fields) {
          if (importable(field) &&
              (key == header_key(field.label.zh_cn) || key == header_key(field.label.in("en")) ||
               key == header_key(field.key))) {
            targets.push_back(field.key);
          }
        }
      }
    }
    if (targets.empty()) {
      for (const auto& section : rules.profile->sections) {
        for (const auto& field : section.fields) {
          for (const auto name : type_names(field.type)) {
            if (importable(field) && key == header_key(name) &&
                std::find(targets.begin(), targets.end(), field.key) == targets.end()) {
              targets.push_back(field.key);
            }
          }
        }
      }
    }
    // A second column for the same target is not read: the first one wins.
    std::erase_if(targets, [&](const std::string& t) {
      return std::find(found.begin(), found.end(), t) != found.end();
    });
    if (targets.empty() && !key.empty()) {
      layout.ignored.push_back(cell);
    }
    found.insert(found.end(), targets.begin(), targets.end());
    layout.targets.push_back(std::move(targets));
  }
  for (const auto& column : roster_columns(rules)) {
    if (column.required && std::find(found.begin(), found.end(), column.target) == found.end()) {
      layout.missing.push_back(column.header);
    }
  }
  return layout;
}

RowReading read_row(const RosterRules& rules, const RosterLayout& layout,
                    const std::vector<std::string>& header, int row,
                    const std::vector<std::string>& cells) {
  RowReading out;
  RosterRecord record;
  record.row = row;
  const auto column_name = [&](std::size_t i) { return i < header.size() ? header[i] : ""; };
  const auto error = [&](std::string column, std::string code, Message message) {
    out.errors.push_back({row, std::move(column), std::move(code), std::move(message)});
  };
  const auto warn = [&](std::string column, std::string code, Message message) {
    out.warnings.push_back({row, std::move(column), std::move(code), std::move(message)});
  };
  // Target -> the file's header, for messages about it whether or not its cell is filled.
  std::map<std::string, std::string> column_of;
  for (std::size_t i = 0; i < layout.targets.size(); ++i) {
    for (const auto& target : layout.targets[i]) {
      column_of.emplace(target, column_name(i));
    }
  }
  const auto header_of = [&](std::string_view target, std::string fallback) {
    const auto it = column_of.find(std::string(target));
    return it == column_of.end() ? fallback : it->second;
  };
  sdk::Value values = sdk::Value::Object{};
  std::vector<std::pair<std::size_t, std::string>> ambiguous;  // column, text

  for (std::size_t i = 0; i < layout.targets.size() && i < cells.size(); ++i) {
    const std::string text = trimmed(cells[i]);
    const auto& targets = layout.targets[i];
    if (text.empty() || targets.empty()) {
      continue;
    }
    if (targets.size() > 1) {
      ambiguous.emplace_back(i, text);
      continue;
    }
    const std::string& target = targets.front();
    if (target == kMemberNumber) {
      record.member_number = text;
    } else if (target == kCertificateNumber) {
      if (text.size() > 40) {
        warn(column_name(i), "too_long",
             {"证书编号超过 40 个字符，未导入", "The certificate number is over 40 characters"});
      } else {
        record.certificate_number = text;
      }
    } else if (target == kMemberType) {
      for (const auto& type : rules.member_types) {
        if (text == type.key || text == type.name.zh_cn || text == type.name.in("en")) {
          record.member_type = type.key;
        }
      }
      if (record.member_type.empty()) {
        std::string names;
        for (const auto& type : rules.member_types) {
          names += (names.empty() ? "" : "、") + type.name.zh_cn;
        }
        error(column_name(i), "member_type_unknown",
              {"会员类型“" + text + "”不是本会的会员类型（" + names + "）",
               "\"" + text + "\" is not a member type of this association"});
      }
    } else if (target == kJoinedOn || target == kValidUntil) {
      if (const auto date = read_date(text)) {
        (target == kJoinedOn ? record.joined_on : record.valid_until) = *date;
      } else {
        warn(column_name(i), "invalid_date",
             {"“" + text + "”不是日期，未导入", "\"" + text + "\" is not a date; left out"});
      }
    } else if (const Field* field = rules.profile->find(target)) {
      Cell cell = read_cell(rules, *field, text);
      if (cell.value) {
        put(values, target, std::move(*cell.value));
      } else {
        warn(column_name(i), "unreadable", std::move(*cell.problem));
      }
    }
  }

  // A column two fields share goes to the one the row shows: what has the shape of a resident ID
  // number to the ID number field (choosing the document type that shows it; the validator then
  // judges its check digit), otherwise the first field visible.
  for (const auto& [i, text] : ambiguous) {
    const Field* chosen = nullptr;
    for (const auto& key : layout.targets[i]) {
      const Field* field = rules.profile->find(key);
      if (field->type == FieldType::id_number && looks_like_resident_id(text)) {
        chosen = field;
        if (field->visible_when && field->visible_when->kind == forms::Condition::Kind::eq &&
            !field->visible_when->values.empty() && empty_in(values, field->visible_when->field)) {
          put(values, field->visible_when->field, sdk::Value(field->visible_when->values.front()));
        }
        break;
      }
    }
    for (const auto& key : layout.targets[i]) {
      const Field* field = rules.profile->find(key);
      if (chosen == nullptr &&
          (!field->visible_when ||
           forms::condition_holds(*rules.profile, *field->visible_when, values, rules.today))) {
        chosen = field;
      }
    }
    if (chosen == nullptr) {
      chosen = rules.profile->find(layout.targets[i].front());
    }
    Cell cell = read_cell(rules, *chosen, text);
    if (cell.value) {
      put(values, chosen->key, std::move(*cell.value));
    } else {
      warn(column_name(i), "unreadable", std::move(*cell.problem));
    }
  }

  // The one validator decides what the profile may hold. What is missing the member completes;
  // what is wrong is left out, except the name and the mobile number, without which nobody could
  // be recognised.
  const Field* mobile_field = first_of_type(*rules.profile, FieldType::mobile);
  const auto checked =
      forms::validate_form(*rules.profile, values, rules.today, rules.dictionaries, rules.regions);
  for (const auto& issue : checked.errors) {
    if (issue.code == forms::kRequired) {
      continue;
    }
    const std::string header_text = header_of(issue.field, issue.field);
    const bool key_field =
        issue.field == "name" || (mobile_field != nullptr && issue.field == mobile_field->key);
    if (key_field) {
      error(header_text, issue.code, issue.message);
    } else {
      warn(header_text, issue.code,
           {issue.message.zh_cn + "（未导入，会员激活时再填写）",
            issue.message.en + " (left out for the member to complete)"});
    }
  }
  record.values = checked.values;
  record.name = text_of(record.values, "name");
  if (mobile_field != nullptr) {
    record.mobile = text_of(record.values, mobile_field->key);
  }
  if (const Field* id = first_of_type(*rules.profile, FieldType::id_number)) {
    record.id_number = text_of(record.values, id->key);
  }

  // Missing, unless already refused for what it held.
  const auto required_missing = [&](const std::string& header_text, Message message) {
    if (std::none_of(out.errors.begin(), out.errors.end(),
                     [&](const RosterIssue& e) { return e.column == header_text; })) {
      error(header_text, "required", std::move(message));
    }
  };
  record.mobile_header = header_of(mobile_field != nullptr ? mobile_field->key : "", "手机号");
  record.number_header = header_of(kMemberNumber, "会员编号");
  if (record.name.empty()) {
    required_missing(header_of("name", "姓名"), {"缺少姓名", "The name is missing"});
  }
  if (record.mobile.empty()) {
    required_missing(record.mobile_header,
                     {"缺少手机号：原会员凭手机号和短信验证码登录激活",
                      "The mobile number is missing: legacy members sign in with it"});
  }
  if (record.member_number.empty()) {
    error(record.number_header, "required", {"缺少会员编号", "The member number is missing"});
  } else if (record.member_number.size() > 40) {
    error(record.number_header, "too_long",
          {"会员编号超过 40 个字符", "The member number is over 40 characters"});
  }
  if (record.member_type.empty() &&
      std::none_of(out.errors.begin(), out.errors.end(),
                   [](const RosterIssue& e) { return e.code == "member_type_unknown"; })) {
    error(header_of(kMemberType, "会员类型"), "required",
          {"缺少会员类型", "The member type is missing"});
  }
  if (out.errors.empty()) {
    out.record = std::move(record);
  }
  return out;
}

std::optional<std::string> read_date(std::string_view raw) {
  const std::string text = trimmed(raw);
  const auto make = [](int y, int m, int d) -> std::optional<std::string> {
    if (!forms::CivilDate::is_real(y, m, d)) {
      return std::nullopt;
    }
    return forms::CivilDate{y, m, d}.to_string();
  };
  // Only digits: yyyymmdd, or an Excel day number (days since 1899-12-30).
  if (!text.empty() &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() == 8) {
      return make(std::stoi(text.substr(0, 4)), std::stoi(text.substr(4, 2)),
                  std::stoi(text.substr(6, 2)));
    }
    if (text.size() <= 6) {
      using namespace std::chrono;
      const int serial = std::stoi(text);
      if (serial < 1) {
        return std::nullopt;
      }
      const year_month_day d{sys_days{year{1899} / December / 30} + days{serial}};
      return make(static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                  static_cast<int>(static_cast<unsigned>(d.day())));
    }
    return std::nullopt;
  }
  // Three numbers separated by -, /, . or 年 月 (日): year, month, day.
  std::vector<int> numbers;
  std::string digits;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool digit = i < text.size() && text[i] >= '0' && text[i] <= '9';
    if (digit) {
      digits += text[i];
      continue;
    }
    if (!digits.empty()) {
      if (digits.size() > 4) {
        return std::nullopt;
      }
      numbers.push_back(std::stoi(digits));
      digits.clear();
    }
    if (i == text.size()) {
      break;
    }
    if (text[i] == '-' || text[i] == '/' || text[i] == '.') {
      continue;
    }
    if (text.compare(i, 3, "年") == 0 || text.compare(i, 3, "月") == 0 ||
        text.compare(i, 3, "日") == 0) {
      i += 2;
      continue;
    }
    // A time after the date, as some exports write it ("1984-09-30 00:00:00").
    if (text[i] == ' ' && numbers.size() == 3) {
      break;
    }
    return std::nullopt;
  }
  if (numbers.size() != 3 || numbers[0] < 1000) {
    return std::nullopt;
  }
  return make(numbers[0], numbers[1], numbers[2]);
}

}  // namespace guildhall::legacy
