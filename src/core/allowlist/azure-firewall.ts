/** `hosts --format azure-firewall`: an az CLI script that adds the application rules to a firewall policy. */
import type { CatalogEntry } from "../catalog/types.js";
import { applicationRules } from "./azure-rules.js";
import { commented, headerLines, otherPortLines, splitByPorts, type ExportContext } from "./shared.js";

const NOTES = {
  en: [
    "Azure Firewall: *.x matches any host below x (any depth) but not x itself; x is listed on its own where the catalog needs it.",
    "Set the variables below, then run with bash (az CLI with the azure-firewall extension).",
  ],
  ja: [
    "Azure Firewall の *.x は x 配下の任意の深さのホストに一致しますが、x 自体には一致しません。x 自体が必要な場合はカタログどおり個別に記載しています。",
    "下の変数を環境に合わせて設定してから bash で実行してください（az CLI と azure-firewall 拡張機能が必要です）。",
  ],
} as const;

/**
 * Renders the az script: variables, the rule collection group, one filter collection, one rule per protocol set.
 * @example renderAzureFirewall(entries, { lang: "en", catalogVersion: "2026-12-01", toolVersion: "0.1.0", cloud: "public", selection: "--cloud public" })
 */
export function renderAzureFirewall(entries: readonly CatalogEntry[], context: ExportContext): string {
  const { web, other } = splitByPorts(entries);
  const rules = applicationRules(web);
  const lines = [
    "#!/usr/bin/env bash",
    ...commented(headerLines("Azure Firewall (az network firewall policy)", context, NOTES[context.lang]), "# "),
    "set -euo pipefail",
    "",
    'RESOURCE_GROUP="my-resource-group"',
    'POLICY_NAME="my-firewall-policy"',
    'RULE_COLLECTION_GROUP="azure-ml"',
    "RULE_COLLECTION_GROUP_PRIORITY=500",
    'COLLECTION_NAME="azure-ml-allow"',
    "COLLECTION_PRIORITY=500",
    "SOURCE_ADDRESSES=(10.0.0.0/8)",
    "",
  ];
  const quote = (value: string) => `"${value}"`;
  if (rules.length > 0) {
    lines.push(
      'az network firewall policy rule-collection-group create -g "$RESOURCE_GROUP" --policy-name "$POLICY_NAME" \\',
      '  --name "$RULE_COLLECTION_GROUP" --priority "$RULE_COLLECTION_GROUP_PRIORITY"',
      "",
    );
    rules.forEach((rule, index) => {
      const protocols = rule.protocols.map((p) => `${p.type}=${p.port}`).join(" ");
      const head =
        index === 0
          ? [
              'az network firewall policy rule-collection-group collection add-filter-collection -g "$RESOURCE_GROUP" --policy-name "$POLICY_NAME" \\',
              '  --rule-collection-group-name "$RULE_COLLECTION_GROUP" --name "$COLLECTION_NAME" --collection-priority "$COLLECTION_PRIORITY" --action Allow \\',
              `  --rule-name ${rule.name} --rule-type ApplicationRule \\`,
            ]
          : [
              'az network firewall policy rule-collection-group collection rule add -g "$RESOURCE_GROUP" --policy-name "$POLICY_NAME" \\',
              `  --rcg-name "$RULE_COLLECTION_GROUP" --collection-name "$COLLECTION_NAME" --name ${rule.name} --rule-type ApplicationRule \\`,
            ];
      lines.push(
        ...head,
        `  --source-addresses "\${SOURCE_ADDRESSES[@]}" --protocols ${protocols} \\`,
        `  --target-fqdns ${rule.targetFqdns.map(quote).join(" ")}`,
        "",
      );
    });
  }
  lines.push(...commented(otherPortLines(other, context.lang), "# "));
  return lines.join("\n") + "\n";
}
