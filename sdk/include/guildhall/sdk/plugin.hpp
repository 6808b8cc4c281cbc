// The interface a Guildhall plugin implements: the rules that differ from one association to
// the next, kept out of the platform.
//
// The host creates one `Plugin` object per tenant that names the plugin in its tenant.yaml,
// hands it that tenant's section of the configuration once through `configure()`, and then calls
// the hooks, possibly from several worker threads at once: the const hooks must not modify shared
// state without their own synchronisation. Every call is a boundary: an exception thrown here is
// caught by the host, attributed to the tenant and the plugin, and turned into a clean error for
// that tenant only. From sdk/examples/hello_plugin/hello_plugin.hpp:
//
//   class HelloPlugin final : public guildhall::sdk::Plugin {
//    public:
//     guildhall::sdk::PluginInfo describe() const override {
//       return {"hello", "1.0.0", "Greets new members", {"validate_application", "member_number"}};
//     }
//     std::vector<guildhall::sdk::ConfigIssue> configure(const guildhall::sdk::Value& section)
//     override; std::vector<guildhall::sdk::FieldError> validate_application(
//         const guildhall::sdk::ApplicationContext& context,
//         const guildhall::sdk::Value& data) const override;
//     std::optional<std::string> member_number(
//         const guildhall::sdk::MemberNumberRequest& request) const override;
//     ...
//   };
#pragma once

#include <cstdint>
#include <guildhall/sdk/manifest.hpp>
#include <guildhall/sdk/value.hpp>
#include <optional>
#include <string>
#include <vector>

namespace guildhall::sdk {

// What `guildhall plugin inspect` prints and the admin console shows.
struct PluginInfo {
  std::string name;
  std::string version;
  std::string description;
  // The hooks the plugin overrides, e.g. "validate_application", "member_number".
  std::vector<std::string> hooks;
};

// A problem in the plugin's section of a tenant's YAML; the host adds file, line and column.
struct ConfigIssue {
  // Dotted path inside the plugin's section ("limits.max", "items.2.kind"); "" = whole section.
  std::string path;
  // English, for the administrator who edits the file.
  std::string message;
};

// A rejected field of an application form, shown next to that field in the browser.
struct FieldError {
  // The form's field path, e.g. "institutions" or "institutions[2].kind".
  std::string field;
  // Stable and machine-readable, e.g. "too_many_committees".
  std::string code;
  // zh-CN, shown to the applicant as is.
  std::string message;
};

struct ApplicationContext {
  std::string tenant_slug;
  std::string realm_slug;
  // e.g. "membership", "renewal".
  std::string application_kind;
  // The tenant's member type code, e.g. "individual", "company".
  std::string member_type;
};

struct MemberNumberRequest {
  std::string tenant_slug;
  // The tenant's short code from its tenant.yaml, e.g. "MED".
  std::string tenant_code;
  int year = 0;
  // 1-based, per tenant and year, allocated by the host.
  std::int64_t sequence = 0;
  std::string member_type;
};

// A decision that ended an application's review (ABI 1.1).
struct DecisionContext {
  std::string tenant_slug;
  std::string realm_slug;
  std::string application_kind;
  std::string member_type;
  std::string application_id;
  std::string account_id;
  // "approved" or "rejected".
  std::string outcome;
  // The new member number when approval created a membership; empty otherwise.
  std::string member_number;
};

class GUILDHALL_SDK_API Plugin {
 public:
  Plugin() = default;
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;
  virtual ~Plugin() = default;

  virtual PluginInfo describe() const = 0;

  // Accepts or rejects this tenant's section of the configuration (a null Value when the tenant
  // gives none). Called once, before any hook; an empty result means accepted.
  virtual std::vector<ConfigIssue> configure(const Value& section) = 0;

  // Checks the data of an application beyond what the form's schema can express. No errors
  // means the plugin accepts it.
  virtual std::vector<FieldError> validate_application(const ApplicationContext& context,
                                                       const Value& data) const {
    static_cast<void>(context);
    static_cast<void>(data);
    return {};
  }

  // The member number for a newly approved member; nullopt lets the host use its own format.
  virtual std::optional<std::string> member_number(const MemberNumberRequest& request) const {
    static_cast<void>(request);
    return std::nullopt;
  }

  // ABI 1.1. Whether the applicant may hold `context.member_type` (e.g. a professional member
  // needs a professional title): errors, usually on field "member_type", refuse the submission.
  // Called with the checked data after validate_application.
  virtual std::vector<FieldError> check_member_type(const ApplicationContext& context,
                                                    const Value& data) const {
    static_cast<void>(context);
    static_cast<void>(data);
    return {};
  }

  // ABI 1.1. Told after an approval or a rejection ended a review and was committed, with the
  // application's data, for effects of the association's own (informing another system, say).
  // It cannot undo the decision; what it throws is logged.
  virtual void after_decision(const DecisionContext& context, const Value& data) const {
    static_cast<void>(context);
    static_cast<void>(data);
  }
};

}  // namespace guildhall::sdk
