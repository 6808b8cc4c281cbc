// guildhall: one binary, one subcommand per operator task.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <set>

#include "app/application.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "modules/tenants/tenant_service.hpp"
#include "plugin_host/inspect_result.hpp"
#include "plugin_host/plugin_host.hpp"

#ifndef GUILDHALL_DEFAULT_PLUGIN_DIR
#define GUILDHALL_DEFAULT_PLUGIN_DIR "plugins"
#endif

namespace {

using guildhall::app::Application;
using guildhall::app::ServerConfig;

struct CommonOptions {
  std::string config_file;
  std::string db_url;
  std::string listen;
};

// The configuration file, then the flags on top of it.
bool resolve_config(const CommonOptions& o, ServerConfig& out) {
  if (!o.config_file.empty()) {
    auto loaded = guildhall::app::load_server_config(o.config_file);
    if (!loaded.errors.empty()) {
      for (const auto& e : loaded.errors) {
        std::cerr << e.to_string() << '\n';
      }
      return false;
    }
    out = std::move(loaded.config);
  }
  if (out.plugin_dirs.empty()) {
    out.plugin_dirs.push_back(GUILDHALL_DEFAULT_PLUGIN_DIR);
  }
  if (!o.db_url.empty()) {
    out.database = o.db_url;
  }
  if (!o.listen.empty() && !guildhall::app::parse_listen(o.listen, out.host, out.port)) {
    std::cerr << "guildhall: --listen must be HOST:PORT such as 127.0.0.1:8080\n";
    return false;
  }
  return true;
}

void print_errors(const std::vector<guildhall::core::ConfigError>& errors) {
  for (const auto& e : errors) {
    std::cerr << e.to_string() << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Guildhall: the membership platform for associations"};
  cli.require_subcommand(1);
  CommonOptions opts;

  auto* serve = cli.add_subcommand("serve", "Serve the API and the web app");
  serve->add_option("--config", opts.config_file, "Server configuration file (YAML)")
      ->check(CLI::ExistingFile);
  serve->add_option("--db", opts.db_url, "Database URL: sqlite:///path/file.db or mysql://...");
  serve->add_option("--listen", opts.listen, "Address to listen on, HOST:PORT");

  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
  migrate->add_option("--config", opts.config_file, "Server configuration file (YAML)")
      ->check(CLI::ExistingFile);
  migrate->add_option("--db", opts.db_url, "Database URL");

  auto* tenant = cli.add_subcommand("tenant", "Validate, load and list tenants");
  tenant->require_subcommand(1);
  std::vector<std::string> paths;
  auto* validate = tenant->add_subcommand("validate", "Check tenant files; exit 1 on any error");
  validate->add_option("--config", opts.config_file, "Server configuration file (YAML)")
      ->check(CLI::ExistingFile);
  validate->add_option("paths", paths, "tenant.yaml files or folders")->required();
  auto* load = tenant->add_subcommand("load", "Validate tenant files and store them");
  load->add_option("--config", opts.config_file, "Server configuration file (YAML)")
      ->check(CLI::ExistingFile);
  load->add_option("--db", opts.db_url, "Database URL");
  load->add_option("paths", paths, "tenant.yaml files or folders")->required();
  bool seed = false;
  load->add_flag("--seed", seed,
                 "Also import each tenant folder's organisations.csv and legacy-members.csv (the "
                 "old system's roster) where the registry or roster is still empty");
  auto* list = tenant->add_subcommand("list", "List the stored tenants");
  list->add_option("--config", opts.config_file, "Server configuration file (YAML)")
      ->check(CLI::ExistingFile);
  list->add_option("--db", opts.db_url, "Database URL");

  auto* plugin = cli.add_subcommand("plugin", "Inspect plugins");
  plugin->require_subcommand(1);
  std::string plugin_file;
  auto* inspect = plugin->add_subcommand("inspect", "Print a plugin's manifest or why it fails");
  inspect->add_option("file", plugin_file, "The plugin's shared library")->required();

  CLI11_PARSE(cli, argc, argv);

  if (*inspect) {
    const auto result = guildhall::plugin_host::PluginHost::inspect(plugin_file);
    (result.loadable() ? std::cout : std::cerr)
        << guildhall::plugin_host::format_inspect_result(result) << '\n';
    return result.loadable() ? 0 : 1;
  }

  ServerConfig config;
  if (!resolve_config(opts, config)) {
    return 2;
  }
  Application app(std::move(config));
  try {
    if (*serve) {
      return app.serve();
    }
    if (*migrate) {
      guildhall::db::Migrator migrator(app.database());
      const auto applied = migrator.apply_pending();
      for (const auto& m : applied) {
        std::cout << "applied " << m.id() << '\n';
      }
      std::cout << (applied.empty() ? "the database is up to date" : "migrations applied") << " ("
                << app.database().url().redacted() << ")\n";
      return 0;
    }
    if (*validate) {
      const std::vector<std::filesystem::path> files(paths.begin(), paths.end());
      const auto errors = app.tenant_service(false).validate(files, {});
      print_errors(errors);
      if (errors.empty()) {
        std::cout << "ok\n";
      }
      return errors.empty() ? 0 : 1;
    }
    if (*load) {
      const std::vector<std::filesystem::path> files(paths.begin(), paths.end());
      const auto report = app.tenant_service().load(files);
      print_errors(report.errors);
      if (!report.errors.empty()) {
        std::cerr << "nothing was loaded: " << report.errors.size() << " error(s)\n";
        return 1;
      }
      std::cout << "loaded " << report.loaded.size() << " tenant(s):";
      for (const auto& slug : report.loaded) {
        std::cout << ' ' << slug;
      }
      std::cout << '\n';
      if (seed) {
        for (const auto& line : app.seed(report.loaded)) {
          std::cout << line << '\n';
        }
      }
      return 0;
    }
    if (*list) {
      for (const auto& t : app.tenant_service().list()) {
        std::cout << t.slug << '\t' << (t.parent_slug.empty() ? "-" : t.parent_slug) << '\t'
                  << t.realm_slug << '\t' << t.source_path << '\n';
      }
      return 0;
    }
  } catch (const guildhall::db::MigrationError& e) {
    std::cerr << "guildhall: " << e.what() << '\n';
    return 1;
  } catch (const guildhall::db::Unavailable& e) {
    std::cerr << "guildhall: " << e.what() << '\n';
    return 1;
  } catch (const std::invalid_argument& e) {
    std::cerr << "guildhall: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "guildhall: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
