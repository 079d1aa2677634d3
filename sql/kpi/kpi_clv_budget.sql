-- kpi_clv_budget: CLV-based budget check: each segment's share of the
-- marketing spend attributed to segments against its share of total net CLV,
-- over the whole history up to the export date. A segment whose spend share
-- exceeds its CLV share gets more budget than the value it returns.
-- Net CLV is the historical net CLV of int_customer_clv (first
-- clv_horizon_months months, acquisition cost share already deducted).
-- Negative total CLV: when the net CLV of all segments together is 0 or
-- negative, a share of it means nothing, so clv_share, funding_ratio and
-- funding_status are NULL on every row. A segment with a negative net CLV
-- under a positive total gets a negative clv_share (it destroys value),
-- funding_ratio NULL and funding_status 'over-funded' if it received any
-- spend.
-- grain: one row per segment, and one 'all' row
-- key: segment
-- columns:
--   segment: business segment of the customers (or the target segment of
--     retention spend), or 'all'
--   customers: acquired customers in the segment
--   acquisition_spend: sum of the acquisition cost shares of the segment's
--     customers (their channel-month CAC, rounded to the cent); acquisition
--     spend on a channel-month that acquired nobody is attributed to no
--     segment
--   retention_spend: marketing spend with purpose retention aimed at the
--     segment, up to the export date; on the 'all' row the sum over
--     segments (untargeted spend excluded)
--   untargeted_retention_spend: retention spend aimed at no segment; shown
--     on the 'all' row only (0 on segment rows), never in spend or shares
--   spend: acquisition_spend + retention_spend (spend attributed to the
--     segment)
--   total_spend: spend of the 'all' row (denominator of spend_share)
--   spend_share: spend / total_spend (0-1); NULL when total_spend = 0
--   net_clv: sum of the historical net CLV of the segment's customers
--   total_net_clv: net_clv of the 'all' row (denominator of clv_share)
--   clv_share: net_clv / total_net_clv; NULL when total_net_clv <= 0
--   funding_ratio: spend_share / clv_share (1 = spend in proportion to
--     value, above 1 = over-funded, below 1 = under-funded); NULL when
--     spend_share is NULL or clv_share is NULL or <= 0
--   funding_status: 'over-funded' (funding_ratio > 1, or spend > 0 with
--     clv_share <= 0), 'under-funded' (funding_ratio < 1), 'balanced'
--     (funding_ratio within 1e-9 of 1; always on the 'all' row when defined);
--     NULL when spend_share or clv_share is NULL, or clv_share <= 0 without
--     spend
with customers as (
    select
        segment,
        acquisition_cost_share,
        net_clv
    from {{ ref('int_customer_clv') }}
),

customer_totals as (
    select
        segment,
        count(*) as customers,
        sum(acquisition_cost_share) as acquisition_spend,
        sum(net_clv) as net_clv
    from customers
    group by segment
),

retention as (
    select
        target_segment,
        sum(amount) as retention_spend
    from {{ ref('stg_marketing_spend') }}
    where purpose = 'retention'
        and spent_on <= {{ var('as_of') }}
    group by target_segment
),

segments as (
    select segment from customer_totals
    union
    select target_segment as segment from retention
    where target_segment <> 'all'
),

by_segment as (
    select
        segments.segment,
        coalesce(customer_totals.customers, 0) as customers,
        coalesce(customer_totals.acquisition_spend, 0) as acquisition_spend,
        coalesce(retention.retention_spend, 0) as retention_spend,
        cast(0 as decimal(18, 2)) as untargeted_retention_spend,
        coalesce(customer_totals.net_clv, 0) as net_clv
    from segments
    left join customer_totals
        on segments.segment = customer_totals.segment
    left join retention
        on segments.segment = retention.target_segment
),

untargeted as (
    select coalesce(sum(retention_spend), 0) as untargeted_retention_spend
    from retention
    where target_segment = 'all'
),

segment_sums as (
    select
        coalesce(sum(customers), 0) as customers,
        coalesce(sum(acquisition_spend), 0) as acquisition_spend,
        coalesce(sum(retention_spend), 0) as retention_spend,
        coalesce(sum(net_clv), 0) as net_clv
    from by_segment
),

all_segments as (
    select
        'all' as segment,
        segment_sums.customers,
        segment_sums.acquisition_spend,
        segment_sums.retention_spend,
        untargeted.untargeted_retention_spend,
        segment_sums.net_clv
    from segment_sums
    cross join untargeted
),

both_levels as (
    select
        segment,
        customers,
        acquisition_spend,
        retention_spend,
        untargeted_retention_spend,
        acquisition_spend + retention_spend as spend,
        net_clv
    from by_segment
    union all
    select
        segment,
        customers,
        acquisition_spend,
        retention_spend,
        untargeted_retention_spend,
        acquisition_spend + retention_spend as spend,
        net_clv
    from all_segments
),

shares as (
    select
        both_levels.*,
        all_segments.acquisition_spend + all_segments.retention_spend
            as total_spend,
        all_segments.net_clv as total_net_clv,
        {{ safe_div(both_levels.acquisition_spend + both_levels.retention_spend,
            all_segments.acquisition_spend + all_segments.retention_spend) }}
            as spend_share,
        case
            when all_segments.net_clv > 0
                then {{ safe_div(both_levels.net_clv, all_segments.net_clv) }}
        end as clv_share
    from both_levels
    cross join all_segments
),

ratios as (
    select
        shares.*,
        case
            when clv_share > 0 then {{ safe_div(spend_share, clv_share) }}
        end as funding_ratio
    from shares
),

final as (
    select
        segment,
        cast(customers as bigint) as customers,
        cast(acquisition_spend as decimal(18, 2)) as acquisition_spend,
        cast(retention_spend as decimal(18, 2)) as retention_spend,
        cast(untargeted_retention_spend as decimal(18, 2))
            as untargeted_retention_spend,
        cast(spend as decimal(18, 2)) as spend,
        cast(total_spend as decimal(18, 2)) as total_spend,
        spend_share,
        cast(net_clv as decimal(18, 2)) as net_clv,
        cast(total_net_clv as decimal(18, 2)) as total_net_clv,
        clv_share,
        funding_ratio,
        case
            when spend_share is null or clv_share is null then null
            when clv_share <= 0 and spend > 0 then 'over-funded'
            when clv_share <= 0 then null
            when abs(funding_ratio - 1) < 1e-9 then 'balanced'
            when funding_ratio > 1 then 'over-funded'
            else 'under-funded'
        end as funding_status
    from ratios
)

select * from final
