-- stg_crm_user_activity: the latest activity count of every CRM user and day.
-- The latest export wins (it restates the day), else the last line.
-- grain: one row per user_id x activity_date
-- key: user_id, activity_date
-- columns:
--   user_id: a CRM user (seller, agent), not a customer
--   activity_date: the day the activity counts cover
--   activity_month: first day of the month of activity_date
--   logins: logins that day; NULL when not exported
--   records_updated: CRM records the user changed that day; NULL when not exported
with activity as (
    select
        user_id,
        activity_date,
        logins,
        records_updated,
        _export_date,
        _file,
        _line
    from {{ source('crm_user_activity') }}
),

ranked as (
    select
        activity.*,
        row_number() over (
            partition by user_id, activity_date
            order by _export_date desc, _file desc, _line desc
        ) as version_rank
    from activity
),

final as (
    select
        user_id,
        activity_date,
        {{ month_start(activity_date) }} as activity_month,
        logins,
        records_updated
    from ranked
    where version_rank = 1
)

select * from final
