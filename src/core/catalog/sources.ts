/**
 * The pages the catalog cites, as `Source`s: URL and the date the page shows. Keys as in
 * docs/reference/azureml-endpoints.md (FW26, DNS, …); older firewall-article copies by commit.
 */
import type { Source } from "./types.js";

const LEARN = "https://learn.microsoft.com/azure";

/** The firewall article as of 2026 (MicrosoftDocs/azure-ai-docs, ms.date 03/19/2026). */
export const FW26: Source = {
  url: `${LEARN}/machine-learning/how-to-access-azureml-behind-firewall`,
  date: "2026-03-19",
};
export const FW23: Source = {
  url: "https://github.com/MicrosoftDocs/azure-docs/blob/010b0840/articles/machine-learning/how-to-access-azureml-behind-firewall.md",
  date: "2023-04-14",
};
/** The firewall article of July 2020, in a zh-CN machine translation (the list the seed was copied from). */
export const FW20A: Source = {
  url: "https://github.com/cobwebos/docs/blob/1cbb8fbf72a2f8e7e80ed492762bf8ad78c4cd09/articles/machine-learning/how-to-access-azureml-behind-firewall.md",
  date: "2020-07-17",
};
/** The firewall article of November 2020 (zh-CN translation), the first with per-cloud tables. */
export const FW20B: Source = {
  url: "https://github.com/LuBu0505/mc-docs.zh-cn/blob/47683c77e3352db3cb66e26be50baedb68826ca9/articles/machine-learning/how-to-access-azureml-behind-firewall.md",
  date: "2020-11-18",
};
export const MVNET: Source = { url: `${LEARN}/machine-learning/how-to-managed-network`, date: "2025-05-23" };
export const DNS: Source = { url: `${LEARN}/machine-learning/how-to-custom-dns`, date: "2026-03-26" };
/** MicrosoftDocs/azure-docs#128617: PEDNS's forwarder zone instances.azureml.ms became instances.ml.azure.ms. */
export const PEDNS_FIX: Source = { url: "https://github.com/MicrosoftDocs/azure-docs/pull/128617", date: "2026-07-07" };
export const PEDNS: Source = { url: `${LEARN}/private-link/private-endpoint-dns`, date: "2026-05-07" };
export const STUDIO_VNET: Source = {
  url: `${LEARN}/machine-learning/how-to-enable-studio-virtual-network`,
  date: "2025-03-04",
};
export const TRAIN: Source = { url: `${LEARN}/machine-learning/how-to-secure-training-vnet`, date: "2024-04-08" };
export const FLOW: Source = {
  url: `${LEARN}/machine-learning/concept-secure-network-traffic-flow`,
  date: "2025-02-06",
};
/** Its 2026 revision asks for a PAC file that sends private-endpoint FQDNs direct. */
export const TSPE: Source = {
  url: `${LEARN}/machine-learning/how-to-troubleshoot-secure-connection-workspace`,
  date: "2026-09-11",
};
export const NB: Source = { url: `${LEARN}/machine-learning/how-to-run-jupyter-notebooks`, date: "2025-08-13" };
export const INC_OUTBOUND: Source = {
  url: "https://github.com/MicrosoftDocs/azure-ai-docs/blob/main/articles/machine-learning/includes/recommended-network-outbound.md",
  date: "2023-06-12",
};
export const INC_PORTS: Source = {
  url: "https://github.com/MicrosoftDocs/azure-ai-docs/blob/main/articles/machine-learning/includes/machine-learning-private-link-ports.md",
  date: "2022-09-13",
};
/** The REST how-to; its discovery-response example still names `pipelines` (aether) and `studiocoreservices`. */
export const REST: Source = { url: `${LEARN}/machine-learning/how-to-manage-rest`, date: "2026-03-23" };
/** The same page in 2024, whose discovery example also had the `catalog` and `gallery` keys (gone by 2026). */
export const REST24: Source = { url: `${LEARN}/machine-learning/how-to-manage-rest`, date: "2024-08-21" };
export const PORTAL: Source = { url: `${LEARN}/azure-portal/azure-portal-safelist-urls`, date: "2024-07-12" };
/** The Foundry hub managed-network page: the newest scenario FQDN lists (Hugging Face). */
export const HUBNET: Source = { url: `${LEARN}/ai-foundry/how-to/configure-managed-network`, date: "2025-08-27" };
/**
 * Entra's national-cloud page (21Vianet copy). The stored copy shows no date; the date is when the
 * catalog was last checked against it.
 */
export const NATCLOUD: Source = {
  url: "https://docs.azure.cn/entra/identity-platform/authentication-national-cloud",
  date: "2026-12-01",
};
export const CA: Source = {
  url: `${LEARN}/security/fundamentals/azure-certificate-authority-details`,
  date: "2025-11-17",
};
/** The 2020 Japanese allow-list (the seed). Its URL is inferred from the blog's layout; the text is its 2020-11-05 revision. */
const JPML_URL = "https://jpmlblog.github.io/blog/2020/10/10/AML-network-allow-settings/";
export const JPML: Source = { url: JPML_URL, date: "2020-11-05" };
export const JPML_2021_06: Source = { url: JPML_URL, date: "2021-06-17" };
export const JPML_2022_01: Source = { url: JPML_URL, date: "2022-01-13" };
export const SIGNIN_ISSUE: Source = {
  url: "https://github.com/MicrosoftDocs/azure-docs/issues/106137",
  date: "2023-03-03",
};
export const VSCODE_PORTS_ISSUE: Source = {
  url: "https://github.com/MicrosoftDocs/azure-docs/issues/120038",
  date: "2024-02-21",
};
export const API_DNS_ISSUE: Source = {
  url: "https://github.com/microsoft/vscode-tools-for-ai/issues/1623",
  date: "2022-07-29",
};
