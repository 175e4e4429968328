/** `hosts --format bicep`: the rule collection group as a Microsoft.Network/firewallPolicies/ruleCollectionGroups resource. */
import type { CatalogEntry } from "../catalog/types.js";
import { applicationRules } from "./azure-rules.js";
import { commented, headerLines, otherPortLines, splitByPorts, type ExportContext } from "./shared.js";

const NOTE = {
  en: "Azure Firewall: *.x matches any host below x but not x itself. Deploy into the firewall policy's resource group.",
  ja: "Azure Firewall の *.x は x 配下のホストに一致し、x 自体には一致しません。ファイアウォール ポリシーと同じリソース グループにデプロイしてください。",
} as const;

const quote = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/**
 * Renders a Bicep file whose parameters name the policy, group, priority and sources.
 * @example renderBicep(entries, { lang: "en", catalogVersion: "2026-12-01", toolVersion: "0.1.0", cloud: "public", selection: "--cloud public" })
 */
export function renderBicep(entries: readonly CatalogEntry[], context: ExportContext): string {
  const { web, other } = splitByPorts(entries);
  const rules = applicationRules(web);
  const lines = [
    ...commented(headerLines("Azure Firewall (Bicep)", context, [NOTE[context.lang]]), "// "),
    "",
    "param firewallPolicyName string",
    "param ruleCollectionGroupName string = 'azure-ml'",
    "param priority int = 500",
    "param collectionName string = 'azure-ml-allow'",
    "param sourceAddresses array = [",
    "  '10.0.0.0/8'",
    "]",
    "",
  ];
  if (rules.length > 0) {
    lines.push(
      "resource firewallPolicy 'Microsoft.Network/firewallPolicies@2023-09-01' existing = {",
      "  name: firewallPolicyName",
      "}",
      "",
      "resource azureMl 'Microsoft.Network/firewallPolicies/ruleCollectionGroups@2023-09-01' = {",
      "  parent: firewallPolicy",
      "  name: ruleCollectionGroupName",
      "  properties: {",
      "    priority: priority",
      "    ruleCollections: [",
      "      {",
      "        ruleCollectionType: 'FirewallPolicyFilterRuleCollection'",
      "        name: collectionName",
      "        priority: priority",
      "        action: {",
      "          type: 'Allow'",
      "        }",
      "        rules: [",
    );
    for (const rule of rules) {
      lines.push(
        "          {",
        "            ruleType: 'ApplicationRule'",
        `            name: ${quote(rule.name)}`,
        "            protocols: [",
        ...rule.protocols.map(
          (p) =>
            `              {\n                protocolType: '${p.type}'\n                port: ${p.port}\n              }`,
        ),
        "            ]",
        "            sourceAddresses: sourceAddresses",
        "            targetFqdns: [",
        ...rule.targetFqdns.map((fqdn) => `              ${quote(fqdn)}`),
        "            ]",
        "          }",
      );
    }
    lines.push("        ]", "      }", "    ]", "  }", "}", "");
  }
  lines.push(...commented(otherPortLines(other, context.lang), "// "));
  return lines.join("\n") + "\n";
}
