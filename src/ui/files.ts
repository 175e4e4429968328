/** The names of the files the popup and the HAR page offer for download, so both name them alike. */

/** `aml-network-report-2026-11-28`: the local date the report was made. */
export function reportFileStem(generatedAt: string): string {
  const date = new Date(generatedAt);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `aml-network-report-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export const PAC_FILE_NAME = "azureml.pac";
