// One consistent snapshot of all tenants. A request resolves its tenant once from the current
// snapshot and keeps that pointer, so a reload in the middle of a request changes nothing for it.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tenancy/tenant.hpp"

namespace guildhall::tenancy {

class TenantDirectory {
 public:
  explicit TenantDirectory(std::vector<std::shared_ptr<const Tenant>> tenants);

  std::shared_ptr<const Tenant> find(std::string_view slug) const;
  // Host names from the tenants' `hosts:` lists; the port, if any, is ignored.
  std::shared_ptr<const Tenant> find_by_host(std::string_view host) const;
  const std::vector<std::shared_ptr<const Tenant>>& all() const { return tenants_; }

  // The form `key` as tenant `slug` uses it: its own, else its nearest ancestor's. `owner` is the
  // tenant that defines it, whose dictionaries its fields name. Both null when there is none.
  struct FormUse {
    const forms::FormDefinition* form = nullptr;
    std::shared_ptr<const Tenant> owner;
  };
  FormUse find_form(std::string_view slug, std::string_view key) const;

  // The workflow `slug` follows: its own, or its nearest ancestor's; workflow null when none.
  struct WorkflowUse {
    const WorkflowConfig* workflow = nullptr;
    std::shared_ptr<const Tenant> owner;
  };
  WorkflowUse find_workflow(std::string_view slug) const;

  // The Chinese name of member type `key` as tenant `slug` shows it: a branch that declares no
  // member types of its own takes its members in its parent's; a type no tenant above names
  // shows as its key rather than as nothing.
  std::string member_type_name(std::string_view slug, std::string_view key) const;
  // `slug` and its ancestors, nearest first, up to the realm's root; empty for an unknown slug.
  std::vector<std::string> lineage(std::string_view slug) const;
  // The slugs of `ancestor` and every tenant below it, in the directory's order.
  std::vector<std::string> subtree(std::string_view ancestor) const;
  // True when `slug` is `ancestor` or lies in its subtree.
  bool in_subtree(std::string_view slug, std::string_view ancestor) const;

 private:
  std::vector<std::shared_ptr<const Tenant>> tenants_;
  std::map<std::string, std::shared_ptr<const Tenant>, std::less<>> by_slug_;
  std::map<std::string, std::shared_ptr<const Tenant>, std::less<>> by_host_;
};

// Holds the current snapshot; readers and the reloader never block each other.
class TenantRegistry {
 public:
  TenantRegistry()
      : current_(
            std::make_shared<const TenantDirectory>(std::vector<std::shared_ptr<const Tenant>>{})) {
  }

  std::shared_ptr<const TenantDirectory> current() const { return current_.load(); }
  void replace(std::shared_ptr<const TenantDirectory> next) { current_.store(std::move(next)); }

 private:
  std::atomic<std::shared_ptr<const TenantDirectory>> current_;
};

}  // namespace guildhall::tenancy
