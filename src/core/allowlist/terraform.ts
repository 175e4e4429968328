/** `hosts --format terraform`: the rule collection group as an azurerm_firewall_policy_rule_collection_group. */
import type { CatalogEntry } from "../catalog/types.js";
import { applicationRules } from "./azure-rules.js";
import { commented, headerLines, otherPortLines, splitByPorts, type ExportContext } from "./shared.js";

const NOTE = {
  en: "Azure Firewall: *.x matches any host below x but not x itself. Needs the azurerm provider.",
  ja: "Azure Firewall の *.x は x 配下のホストに一致し、x 自体には一致しません。azurerm プロバイダーが必要です。",
} as const;

const quote = (value: string) => JSON.stringify(value);

/**
 * Renders Terraform (HCL) whose variables name the policy, group, priority and sources.
 * @example renderTerraform(entries, { lang: "en", catalogVersion: "2026-12-01", toolVersion: "0.1.0", cloud: "public", selection: "--cloud public" })
 */
export function renderTerraform(entries: readonly CatalogEntry[], context: ExportContext): string {
  const { web, other } = splitByPorts(entries);
  const rules = applicationRules(web);
  const lines = [
    ...commented(headerLines("Azure Firewall (Terraform, azurerm)", context, [NOTE[context.lang]]), "# "),
    "",
    'variable "firewall_policy_id" {',
    "  type = string",
    "}",
    "",
    'variable "rule_collection_group_name" {',
    "  type    = string",
    '  default = "azure-ml"',
    "}",
    "",
    'variable "priority" {',
    "  type    = number",
    "  default = 500",
    "}",
    "",
    'variable "collection_name" {',
    "  type    = string",
    '  default = "azure-ml-allow"',
    "}",
    "",
    'variable "source_addresses" {',
    "  type    = list(string)",
    '  default = ["10.0.0.0/8"]',
    "}",
    "",
  ];
  if (rules.length > 0) {
    lines.push(
      'resource "azurerm_firewall_policy_rule_collection_group" "azure_ml" {',
      "  name               = var.rule_collection_group_name",
      "  firewall_policy_id = var.firewall_policy_id",
      "  priority           = var.priority",
      "",
      "  application_rule_collection {",
      "    name     = var.collection_name",
      "    priority = var.priority",
      '    action   = "Allow"',
    );
    for (const rule of rules) {
      lines.push(
        "",
        "    rule {",
        `      name = ${quote(rule.name)}`,
        ...rule.protocols.flatMap((p) => [
          "      protocols {",
          `        type = "${p.type}"`,
          `        port = ${p.port}`,
          "      }",
        ]),
        "      source_addresses  = var.source_addresses",
        "      destination_fqdns = [",
        ...rule.targetFqdns.map((fqdn) => `        ${quote(fqdn)},`),
        "      ]",
        "    }",
      );
    }
    lines.push("  }", "}", "");
  }
  lines.push(...commented(otherPortLines(other, context.lang), "# "));
  return lines.join("\n") + "\n";
}
