#include "contact_test_support.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "db/database.hpp"
#include "tenancy/tenant_directory.hpp"
#include "tenancy/tenant_loader.hpp"

namespace guildhall::privacy::testing {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::vector<std::pair<std::string, std::string>> columns(soci::session& sql) {
  std::vector<std::pair<std::string, std::string>> out;
  if (sql.get_backend_name() == "mysql") {
    std::string table;
    std::string column;
    soci::statement st = (sql.prepare << "SELECT table_name, column_name FROM "
                                         "information_schema.columns WHERE table_schema = "
                                         "DATABASE() ORDER BY table_name, ordinal_position",
                          soci::into(table), soci::into(column));
    st.execute();
    while (st.fetch()) {
      out.emplace_back(table, column);
    }
    return out;
  }
  std::vector<std::string> tables;
  std::string name;
  soci::statement st = (sql.prepare << "SELECT name FROM sqlite_master WHERE type = 'table' ORDER "
                                       "BY name",
                        soci::into(name));
  st.execute();
  while (st.fetch()) {
    tables.push_back(name);
  }
  for (const auto& table : tables) {
    int cid = 0;
    std::string column;
    std::string type;
    int notnull = 0;
    std::string default_value;
    soci::indicator default_ind = soci::i_null;
    int pk = 0;
    soci::statement info = (sql.prepare << "PRAGMA table_info('" + table + "')", soci::into(cid),
                            soci::into(column), soci::into(type), soci::into(notnull),
                            soci::into(default_value, default_ind), soci::into(pk));
    info.execute();
    while (info.fetch()) {
      out.emplace_back(table, column);
    }
  }
  return out;
}

}  // namespace

std::string database_dump(db::Database& db) {
  std::string dump;
  db.run([&](soci::session& sql) {
    dump.clear();
    const bool mysql = sql.get_backend_name() == "mysql";
    const auto quote = [&](const std::string& name) {
      return mysql ? "`" + name + "`" : "\"" + name + "\"";
    };
    for (const auto& [table, column] : columns(sql)) {
      std::string value;
      soci::indicator ind = soci::i_null;
      soci::statement st =
          (sql.prepare << "SELECT CAST(" + quote(column) + " AS CHAR) FROM " + quote(table),
           soci::into(value, ind));
      st.execute();
      while (st.fetch()) {
        if (ind == soci::i_ok) {
          dump += table + "." + column + ": " + lower(value) + "\n";
        }
      }
    }
  });
  return dump;
}

std::vector<std::string> found_in(const std::string& dump,
                                  const std::vector<std::string>& needles) {
  std::vector<std::string> out;
  for (const auto& needle : needles) {
    if (dump.find(lower(needle)) != std::string::npos) {
      out.push_back(needle);
    }
  }
  return out;
}

std::shared_ptr<const tenancy::TenantDirectory> demo_directory() {
  const auto loaded = tenancy::load_tenants({std::string(GUILDHALL_SOURCE_DIR) + "/tenants"}, {});
  const auto realms = tenancy::compute_realms(loaded.tenants);
  std::vector<std::shared_ptr<const tenancy::Tenant>> tenants;
  for (const auto& config : loaded.tenants) {
    auto t = std::make_shared<tenancy::Tenant>();
    t->config = config;
    t->realm = realms.at(config->slug);
    for (const auto& other : loaded.tenants) {
      if (other->parent == config->slug) {
        t->children.push_back(other->slug);
      }
    }
    tenants.push_back(std::move(t));
  }
  return std::make_shared<const tenancy::TenantDirectory>(std::move(tenants));
}

}  // namespace guildhall::privacy::testing
