-- stg_marketing_spend: marketing spend per day, channel, purpose and segment.
-- grain: one row per spent_on x channel x purpose x target_segment
-- key: spent_on, channel, purpose, target_segment
-- columns:
--   spent_on: day of the spend
--   channel: marketing channel (same vocabulary as acquisition_channel)
--   purpose: acquisition or retention
--   target_segment: segment the spend was aimed at; 'all' when untargeted
--   amount: spend in the reporting currency (sum of the rows of the key)
-- The spend has no id: the latest export that mentions a key restates it,
-- and rows of one export with the same key are summed (several campaigns).
with spend as (
    select
        spent_on,
        channel,
        purpose,
        coalesce(segment, 'all') as target_segment,
        amount,
        _export_date
    from {{ source('marketing_spend') }}
),

latest_export as (
    select
        spend.*,
        max(_export_date) over (
            partition by spent_on, channel, purpose, target_segment
        ) as latest_export_date
    from spend
),

final as (
    select
        spent_on,
        channel,
        purpose,
        target_segment,
        cast(sum(amount) as decimal(18, 2)) as amount
    from latest_export
    where _export_date = latest_export_date
    group by spent_on, channel, purpose, target_segment
)

select * from final
