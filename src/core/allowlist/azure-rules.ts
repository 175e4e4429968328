/**
 * Azure Firewall application rules for the web patterns, shared by the az script, Bicep and Terraform.
 * Target FQDNs take `*` only as the left-most label, and `*.x` matches any depth below x but never x
 * itself, exactly the catalog's `*.x`, so patterns go in unchanged and no apex is added.
 * https://learn.microsoft.com/azure/firewall/firewall-faq#how-do-wildcards-work-in-target-urls-and-target-fqdns-in-application-rules-
 */
import type { WebPattern } from "./shared.js";

export interface ApplicationRule {
  /** `aml-https`, `aml-http-https`, `aml-http`. */
  name: string;
  protocols: Array<{ type: "Http" | "Https"; port: 80 | 443 }>;
  targetFqdns: string[];
}

/** One rule per set of protocols, so a host is never opened on a port the catalog does not list for it. */
export function applicationRules(web: readonly WebPattern[]): ApplicationRule[] {
  const groups = new Map<string, ApplicationRule>();
  for (const { pattern, protocols } of web) {
    const key = protocols.join(",");
    let rule = groups.get(key);
    if (!rule) {
      rule = {
        name: `aml-${protocols.map((p) => p.split(":")[0]!.toLowerCase()).join("-")}`,
        protocols: protocols.map((p) =>
          p === "Http:80"
            ? { type: "Http" as const, port: 80 as const }
            : { type: "Https" as const, port: 443 as const },
        ),
        targetFqdns: [],
      };
      groups.set(key, rule);
    }
    rule.targetFqdns.push(pattern);
  }
  // Https-only first: it is the rule nearly every host is in, and add-filter-collection creates the collection with it.
  const httpsOnly = (rule: ApplicationRule) => (rule.name === "aml-https" ? 0 : 1);
  return [...groups.values()].sort((a, b) => httpsOnly(a) - httpsOnly(b) || (a.name < b.name ? -1 : 1));
}
