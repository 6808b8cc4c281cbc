#include "modules/tenants/http/tenant_handlers.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "http/router.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::tenants {

namespace {

constexpr std::string_view kApiPrefix = "/api/v1/t/";

nlohmann::json localized(const core::LocalizedText& text) {
  return {{"zh-CN", text.zh_cn}, {"en", text.en.empty() ? text.zh_cn : text.en}};
}

std::string describe(const tenancy::Tenant& tenant, const tenancy::TenantDirectory& directory) {
  const auto& c = *tenant.config;
  nlohmann::json member_types = nlohmann::json::array();
  for (const auto& m : c.member_types) {
    member_types.push_back(
        {{"key", m.key}, {"name", localized(m.name)}, {"description", localized(m.description)}});
  }
  nlohmann::json children = nlohmann::json::array();
  for (const auto& slug : tenant.children) {
    if (auto child = directory.find(slug)) {
      children.push_back({{"slug", slug},
                          {"kind", std::string(tenancy::to_string(child->config->kind))},
                          {"name", localized(child->config->name)}});
    }
  }
  nlohmann::json branding = {{"primaryColor", c.branding.primary_color},
                             {"logoText", c.branding.logo_text}};
  if (c.branding.accent_color) {
    branding["accentColor"] = *c.branding.accent_color;
  }
  nlohmann::json body = {{"slug", c.slug},
                         {"realm", tenant.realm},
                         {"parent", c.parent.empty() ? nlohmann::json() : nlohmann::json(c.parent)},
                         {"kind", std::string(tenancy::to_string(c.kind))},
                         {"name", localized(c.name)},
                         {"shortName", localized(c.short_name)},
                         {"defaultLocale", c.default_locale},
                         {"branding", branding},
                         {"memberTypes", member_types},
                         {"children", children}};
  return body.dump();
}

// The descriptions of one snapshot, serialised once: the home page of every tenant asks for its
// description, and the snapshot they describe never changes.
class DescriptionCache {
 public:
  explicit DescriptionCache(const tenancy::TenantRegistry& registry) : registry_(registry) {}

  std::string get(const std::string& slug) {
    auto entry = entry_.load();
    const auto directory = registry_.current();
    if (!entry || entry->directory != directory) {
      auto fresh = std::make_shared<Entry>();
      fresh->directory = directory;
      for (const auto& tenant : directory->all()) {
        fresh->json.emplace(tenant->slug(), describe(*tenant, *directory));
      }
      entry_.store(fresh);
      entry = std::move(fresh);
    }
    const auto it = entry->json.find(slug);
    return it == entry->json.end() ? std::string() : it->second;
  }

 private:
  struct Entry {
    std::shared_ptr<const tenancy::TenantDirectory> directory;
    std::map<std::string, std::string, std::less<>> json;
  };
  const tenancy::TenantRegistry& registry_;
  std::atomic<std::shared_ptr<const Entry>> entry_;
};

}  // namespace

http::Middleware tenant_middleware(const tenancy::TenantRegistry& registry) {
  return [&registry](http::Request& request, const http::Next& next) {
    const auto directory = registry.current();
    std::string_view path = request.path;
    if (path.substr(0, kApiPrefix.size()) == kApiPrefix) {
      path.remove_prefix(kApiPrefix.size());
      const std::string slug = http::percent_decode(path.substr(0, path.find('/')), false);
      auto tenant = directory->find(slug);
      if (!tenant) {
        throw core::AppError(core::ErrorKind::not_found, "tenant_not_found",
                             {"找不到该机构。", "No such organisation."});
      }
      if (!tenant->available()) {
        throw core::AppError(core::ErrorKind::unavailable, "tenant_unavailable",
                             {"该机构暂时不可用，请稍后再试或联系平台管理员。",
                              "This organisation is temporarily unavailable; please try again "
                              "later or contact the platform administrator."})
            .with_retry_after(30);
      }
      request.tenant = std::move(tenant);
    } else if (const std::string* host = request.header("host")) {
      request.tenant = directory->find_by_host(*host);
    }
    return next(request);
  };
}

void register_tenant_routes(http::Router& router, const tenancy::TenantRegistry& registry) {
  router.add(http::Method::get, "/api/v1/t/{slug}/tenant", http::Execution::io_thread,
             {"The public description of a tenant: names, branding, member types, branches",
              "tenants",
              {200}},
             [cache = std::make_shared<DescriptionCache>(registry)](http::Request& request) {
               return http::Response::json(200, cache->get(request.tenant->slug()));
             });
}

}  // namespace guildhall::tenants
