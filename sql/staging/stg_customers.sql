-- stg_customers: the latest version of every customer across the exports.
-- grain: one row per customer_id
-- key: customer_id
-- columns:
--   customer_id: CRM customer id
--   acquired_at: when they became a customer (UTC); NULL when not exported
--   acquisition_channel: marketing channel credited with the acquisition
--     ('unknown' when empty)
--   segment: business segment ('unassigned' when empty)
--   country: country as exported
--   updated_at: last change in the CRM (UTC)
-- The latest updated_at wins, else the latest export, else the last line.
-- email is PII and never leaves landing.
with customers as (
    select
        customer_id,
        acquired_at,
        acquisition_channel,
        segment,
        country,
        updated_at,
        _export_date,
        _file,
        _line
    from {{ source('customers') }}
),

ranked as (
    select
        customers.*,
        row_number() over (
            partition by customer_id
            order by
                updated_at desc nulls last,
                _export_date desc,
                _file desc,
                _line desc
        ) as version_rank
    from customers
),

final as (
    select
        customer_id,
        acquired_at,
        acquisition_channel,
        segment,
        country,
        updated_at
    from ranked
    where version_rank = 1
)

select * from final
