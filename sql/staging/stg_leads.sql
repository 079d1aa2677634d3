-- stg_leads: the latest version of every lead across the exports.
-- grain: one row per lead_id
-- key: lead_id
-- columns:
--   lead_id: CRM lead id
--   created_at: when the lead was created (UTC)
--   created_date: created_at as a date in the reporting time zone
--   channel: marketing channel the lead came through ('unknown' when empty)
--   first_response_at: first response by sales (UTC); NULL when nobody
--     responded yet
--   qualified_at: when the lead was qualified (UTC); NULL when not qualified
--   converted_at: when the lead became a customer (UTC); NULL when not
--     converted
--   customer_id: the customer the lead became; NULL when not exported
--   is_qualified: qualified_at is present and on or before the export date
--   is_converted: converted_at is present and on or before the export date
-- The latest export wins, else the last line (leads have no updated_at).
with leads as (
    select
        lead_id,
        created_at,
        channel,
        first_response_at,
        qualified_at,
        converted_at,
        customer_id,
        _export_date,
        _file,
        _line
    from {{ source('leads') }}
),

ranked as (
    select
        leads.*,
        row_number() over (
            partition by lead_id
            order by _export_date desc, _file desc, _line desc
        ) as version_rank
    from leads
),

final as (
    select
        lead_id,
        created_at,
        {{ local_date(created_at) }} as created_date,
        coalesce(nullif(trim(channel), ''), 'unknown') as channel,
        first_response_at,
        qualified_at,
        converted_at,
        customer_id,
        coalesce({{ local_date(qualified_at) }} <= {{ var('as_of') }}, false)
            as is_qualified,
        coalesce({{ local_date(converted_at) }} <= {{ var('as_of') }}, false)
            as is_converted
    from ranked
    where version_rank = 1
)

select * from final
