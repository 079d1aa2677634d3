-- stg_wallet_estimates: each customer's whole spend in a category and period,
-- with all suppliers, as estimated by the CRM.
-- grain: one row per customer_id x period_start x period_end x category
-- key: customer_id, period_start, period_end, category
-- columns:
--   customer_id: CRM customer id
--   period_start: first day of the wallet period
--   period_end: last day of the wallet period (inclusive)
--   category: product category; 'all' when the estimate covers every category
--   total_category_spend: the customer's spend in the category, all suppliers
-- The latest export of a key wins, else the last line.
with estimates as (
    select
        customer_id,
        period_start,
        period_end,
        coalesce(category, 'all') as category,
        total_category_spend,
        _export_date,
        _file,
        _line
    from {{ source('wallet_estimates') }}
),

ranked as (
    select
        estimates.*,
        row_number() over (
            partition by customer_id, period_start, period_end, category
            order by _export_date desc, _file desc, _line desc
        ) as version_rank
    from estimates
),

final as (
    select
        customer_id,
        period_start,
        period_end,
        category,
        total_category_spend
    from ranked
    where version_rank = 1
)

select * from final
