-- kpi_share_of_wallet_segment: share of wallet rolled up per segment (and
-- 'all'), two ways: revenue-weighted and the mean of individual shares.
-- grain: one row per segment x period_start x period_end x category
-- key: segment, period_start, period_end, category
-- columns:
--   segment: business segment, or 'all'
--   period_start: first day of the wallet period
--   period_end: last day of the wallet period (inclusive)
--   category: product category, or 'all'
--   customers: customers with an estimate for the period and category
--   our_revenue: sum of our_revenue
--   total_category_spend: sum of total_category_spend
--   weighted_share_of_wallet: our_revenue / total_category_spend (sums);
--     above 1 when our revenue exceeds the estimates
--   customers_with_share_defined: customers whose share is defined (their total
--     category spend is not 0)
--   share_of_wallet_sum: sum of their individual shares
--   mean_share_of_wallet: share_of_wallet_sum / customers_with_share_defined;
--     above 1 when shares above 1 outweigh the others
--   customers_above_one: customers whose share exceeds 1 (flagged estimates)
with shares as (
    select
        segment,
        period_start,
        period_end,
        category,
        our_revenue,
        total_category_spend,
        share_of_wallet,
        is_share_above_one
    from {{ ref('kpi_share_of_wallet') }}
),

-- Each segment's rows, and per period and category an 'all' row over
-- every customer.
final as (
    select
        case when grouping(segment) = 1 then 'all' else segment end as segment,
        period_start,
        period_end,
        category,
        count(*) as customers,
        cast(sum(our_revenue) as decimal(18, 2)) as our_revenue,
        cast(sum(total_category_spend) as decimal(18, 2))
            as total_category_spend,
        {{ safe_div(sum(our_revenue), sum(total_category_spend)) }}
            as weighted_share_of_wallet,
        count(share_of_wallet) as customers_with_share_defined,
        cast({{ exact_sum(share_of_wallet) }} as double) as share_of_wallet_sum,
        -- exact sum, then divide: a DOUBLE avg varies with thread order
        {{ safe_div({{ exact_sum(share_of_wallet) }}, count(share_of_wallet)) }}
            as mean_share_of_wallet,
        cast({{ count_true(is_share_above_one) }} as bigint)
            as customers_above_one
    from shares
    group by grouping sets (
        (segment, period_start, period_end, category),
        (period_start, period_end, category)
    )
)

select * from final
