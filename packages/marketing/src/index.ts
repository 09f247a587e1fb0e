/**
 * @retail-datagen/marketing — campaigns, channels, creatives and ad impressions (the `marketing`
 * fact table), and the exposure service through which ads lift shoppers' visits.
 */
export * as Campaigns from "./Campaigns.js"
export * as Channels from "./Channels.js"
export * as Exposure from "./Exposure.js"
export * as Marketing from "./Marketing.js"
export * as MarketingOptions from "./MarketingOptions.js"
export { plugins } from "./Marketing.js"
