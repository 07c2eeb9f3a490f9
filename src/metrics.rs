//! What is observed each day for one arm in one replicate, and the table of
//! metric definitions that CSV headers, charts and docs/GUIDE.md share.

/// One day's observation of one arm in one replicate. Levels are measured at
/// the end of the day; flows count the day's events; `reach`, `conversions`,
/// `unsubscribes` and `complaints_total` are cumulative.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DayMetrics {
    pub reach: u64,
    pub aware: u64,
    pub trust: f64,
    pub trust_reached: f64,
    pub unsubscribes: u64,
    pub complaints_total: u64,
    pub conversions: u64,
    pub conversions_email: u64,
    pub conversions_conversation: u64,
    pub conversions_referral: u64,
    pub conversions_need: u64,
    pub conversions_ad: u64,
    pub repeat_purchases: u64,
    pub list_size: u64,
    pub followers: u64,
    pub in_need: u64,
    pub delivered: u64,
    pub opens: u64,
    pub clicks: u64,
    pub bounces: u64,
    pub complaints: u64,
    pub spam_foldered: u64,
    pub complaint_rate: f64,
    pub signups: u64,
    pub addresses_bought: u64,
    pub conversations: u64,
    pub pitches: u64,
    pub posts_seen: u64,
    pub shares: u64,
    pub heard: u64,
    pub impressions: u64,
    pub ad_clicks: u64,
    pub offended: u64,
    pub negative_shares: u64,
    pub bait_views: u64,
    pub bait_shares: u64,
    pub community_contacts: u64,
    pub cost: f64,
    pub revenue: f64,
    pub profit: f64,
    pub roi: f64,
    pub cost_per_conversion: f64,
    pub payback_day: f64,
    pub paid_back: f64,
}

/// A metric's name (its CSV column), one-sentence meaning, chart unit and value.
pub struct Metric {
    pub name: &'static str,
    pub meaning: &'static str,
    pub unit: &'static str,
    pub get: fn(&DayMetrics) -> f64,
}

macro_rules! metrics {
    ($($field:ident, $unit:literal, $meaning:literal;)*) => {
        /// Every metric, in CSV column order.
        pub const METRICS: &[Metric] = &[$(Metric {
            name: stringify!($field),
            meaning: $meaning,
            unit: $unit,
            get: |m| m.$field as f64,
        }),*];
    };
}

metrics! {
    reach, "people", "Cumulative number of distinct people who have taken in the brand's message by any route: opened an email, unsubscribed from or complained about one (they saw it in their inbox), had a conversation, saw a post, an ad, a piece of link bait or a group contribution, or heard from a friend, praise or complaint (a delivered email left unopened and unanswered is not reach).";
    aware, "people", "Number of people aware of the brand at the end of the day (awareness fades without contact).";
    trust, "trust (0-1)", "Mean trust toward the brand over the whole population, from 0 (none) to 1 (complete).";
    trust_reached, "trust (0-1)", "Mean trust toward the brand over the people reached so far (0 when nobody has been reached).";
    unsubscribes, "people", "Cumulative number of unsubscribes from the email list plus unfollows of the brand's social account (spam complaints are counted apart, in complaints_total).";
    complaints_total, "people", "Cumulative number of people who marked an email as spam (each complainer leaves the list, so counts once).";
    conversions, "customers", "Cumulative number of distinct customers; each person counts once however often they buy.";
    conversions_email, "customers", "Cumulative customers whose first purchase followed a click in an email.";
    conversions_conversation, "customers", "Cumulative customers whose first purchase followed a pitch in a conversation.";
    conversions_referral, "customers", "Cumulative customers who first heard of the brand from a friend and first bought when a need arose.";
    conversions_need, "customers", "Cumulative customers who first bought when a need arose, without a friend's referral.";
    conversions_ad, "customers", "Cumulative customers whose first purchase followed a click on an ad.";
    repeat_purchases, "purchases", "Cumulative purchases by people who had bought before (a later need).";
    list_size, "addresses", "Number of people on the email list who can still be mailed (not unsubscribed, not bounced).";
    followers, "people", "Number of people following the brand's social account at the end of the day.";
    in_need, "people", "Number of people who currently need the product (the same in every arm of a replicate).";
    delivered, "emails", "Emails delivered that day (sent to a live address), opened or not.";
    opens, "emails", "Emails opened that day.";
    clicks, "emails", "Emails clicked that day.";
    bounces, "emails", "Emails that bounced that day because the address had died; the address leaves the list.";
    complaints, "emails", "Emails marked as spam that day; the complainer leaves the list.";
    spam_foldered, "emails", "Emails delivered that day to the spam folder, unseen, because the sender's complaint rate was above the threshold.";
    complaint_rate, "per email", "The sender's recent complaint rate as mailbox providers see it: complaints over deliveries, both fading with the reputation half-life.";
    signups, "people", "People who joined the email list that day after taking in the arm's content.";
    addresses_bought, "addresses", "Bought addresses that joined the email list that day (with a budget, money left after a mailing buys addresses).";
    conversations, "conversations", "One-to-one conversations the marketer held that day.";
    pitches, "pitches", "Sales pitches made in conversations that day.";
    posts_seen, "views", "Value-adding posts seen by followers that day.";
    shares, "messages", "Times someone told a friend about the brand that day (word of mouth sent).";
    heard, "messages", "Friends' words about the brand that people took in that day (word of mouth received, after the attention limit).";
    impressions, "ads", "Ads shown in people's feeds that day.";
    ad_clicks, "clicks", "Ads clicked that day.";
    offended, "people", "People offended by an ad that day; each complains to friends.";
    negative_shares, "messages", "Complaints about the brand sent to friends that day (negative word of mouth).";
    bait_views, "people", "People who saw a piece of link bait for the first time that day.";
    bait_shares, "messages", "Pieces of link bait passed on to friends that day.";
    community_contacts, "people", "Group members who saw a helpful contribution from the marketer that day.";
    cost, "money", "Cumulative cost of the arm's tactics: money spent plus hours times the hourly rate.";
    revenue, "money", "Cumulative sales revenue: price times purchases, referred customers' purchases worth the referral extra more.";
    profit, "money", "Cumulative profit: revenue times the margin, minus the cost.";
    roi, "ratio", "Return on investment: cumulative profit divided by cumulative cost (empty before anything is spent).";
    cost_per_conversion, "money per customer", "Cumulative cost divided by the number of customers (empty while there are none).";
    payback_day, "day", "The day from which cumulative profit has stayed at or above zero (empty while in the red; in summaries, the mean over the replicates in profit).";
    paid_back, "share", "1 while cumulative profit is at or above zero after spending, else 0 (in summaries, the share of replicates in profit).";
}

/// Looks a metric up by name.
pub fn metric(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}
