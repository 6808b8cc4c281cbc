#include "tenancy/tenant_directory.hpp"

#include <algorithm>
#include <cctype>

namespace guildhall::tenancy {

namespace {

std::string normalise_host(std::string_view host) {
  const auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']') == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  std::string out(host);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

TenantDirectory::TenantDirectory(std::vector<std::shared_ptr<const Tenant>> tenants)
    : tenants_(std::move(tenants)) {
  for (const auto& t : tenants_) {
    by_slug_.emplace(t->slug(), t);
    for (const auto& host : t->config->hosts) {
      by_host_.emplace(normalise_host(host), t);
    }
  }
}

std::shared_ptr<const Tenant> TenantDirectory::find(std::string_view slug) const {
  const auto it = by_slug_.find(slug);
  return it == by_slug_.end() ? nullptr : it->second;
}

std::shared_ptr<const Tenant> TenantDirectory::find_by_host(std::string_view host) const {
  if (by_host_.empty()) {
    return nullptr;
  }
  const auto it = by_host_.find(normalise_host(host));
  return it == by_host_.end() ? nullptr : it->second;
}

std::string TenantDirectory::member_type_name(std::string_view slug, std::string_view key) const {
  for (auto tenant = find(slug); tenant; tenant = find(tenant->config->parent)) {
    if (const MemberType* type = tenant->config->find_member_type(key)) {
      return type->name.zh_cn;
    }
  }
  return std::string(key);
}

std::vector<std::string> TenantDirectory::subtree(std::string_view ancestor) const {
  std::vector<std::string> out;
  for (const auto& t : tenants_) {
    if (in_subtree(t->slug(), ancestor)) {
      out.push_back(t->slug());
    }
  }
  return out;
}

bool TenantDirectory::in_subtree(std::string_view slug, std::string_view ancestor) const {
  auto current = find(slug);
  // The tree was checked for cycles at load time; the bound only guards against a bad snapshot.
  for (std::size_t depth = 0; current && depth <= tenants_.size(); ++depth) {
    if (current->slug() == ancestor) {
      return true;
    }
    current = current->config->parent.empty() ? nullptr : find(current->config->parent);
  }
  return false;
}

std::vector<std::string> TenantDirectory::lineage(std::string_view slug) const {
  std::vector<std::string> out;
  // Bounded by the number of tenants, so a parent cycle (refused at load) cannot hang a request.
  for (auto tenant = find(slug); tenant && out.size() <= tenants_.size();
       tenant = tenant->config->parent.empty() ? nullptr : find(tenant->config->parent)) {
    out.push_back(tenant->slug());
  }
  return out;
}

TenantDirectory::FormUse TenantDirectory::find_form(std::string_view slug,
                                                    std::string_view key) const {
  // Bounded by the number of tenants, so a parent cycle (refused at load) cannot hang a request.
  auto tenant = find(slug);
  for (std::size_t depth = 0; tenant && depth <= tenants_.size(); ++depth) {
    if (const auto* form = tenant->config->find_form(key)) {
      return {form, tenant};
    }
    if (tenant->config->parent.empty()) {
      break;
    }
    tenant = find(tenant->config->parent);
  }
  return {};
}

TenantDirectory::WorkflowUse TenantDirectory::find_workflow(std::string_view slug) const {
  auto tenant = find(slug);
  for (std::size_t depth = 0; tenant && depth <= tenants_.size(); ++depth) {
    if (tenant->config->workflow) {
      return {&*tenant->config->workflow, tenant};
    }
    if (tenant->config->parent.empty()) {
      break;
    }
    tenant = find(tenant->config->parent);
  }
  return {};
}

}  // namespace guildhall::tenancy
