-- stg_engagement_events: every distinct customer engagement event across the exports.
-- Events have no id: the contract key (customer, time, type) identifies one,
-- so an event exported twice counts once.
-- grain: one row per customer_id x occurred_at x event_type
-- key: customer_id, occurred_at, event_type
-- columns:
--   customer_id: the engaging customer
--   occurred_at: when the event happened (UTC)
--   event_date: occurred_at as a date in the reporting time zone
--   event_month: first day of the month of occurred_at
--   event_type: e.g. email_open, email_click, login, web_visit, loyalty
with events as (
    select
        customer_id,
        occurred_at,
        event_type,
        _export_date,
        _file,
        _line
    from {{ source('engagement_events') }}
),

ranked as (
    select
        events.*,
        row_number() over (
            partition by customer_id, occurred_at, event_type
            order by _export_date desc, _file desc, _line desc
        ) as version_rank
    from events
),

final as (
    select
        customer_id,
        occurred_at,
        {{ local_date(occurred_at) }} as event_date,
        {{ month_start({{ local_date(occurred_at) }}) }} as event_month,
        event_type
    from ranked
    where version_rank = 1
)

select * from final
