// The organisations a tenant folder may ship beside its tenant.yaml (organisations.csv), read as
// rows for OrganisationService::seed. The first row names the columns: 单位名称 (or name),
// 统一社会信用代码 (credit_code) and 所在地区 (region), in any order; RFC 4180 quoting.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "modules/organisations/organisation_service.hpp"

namespace guildhall::organisations {

inline constexpr const char* kSeedFileName = "organisations.csv";

// Thrown with "<file>:<row>: <what is wrong>".
class SeedFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::vector<ImportRow> read_seed_file(const std::filesystem::path& file);

}  // namespace guildhall::organisations
