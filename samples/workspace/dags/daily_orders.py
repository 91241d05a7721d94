"""Airflow DAG: loads yesterday's orders from S3 into BigQuery."""
from datetime import datetime

from airflow import DAG
from airflow.providers.google.cloud.transfers.s3_to_gcs import S3ToGCSOperator
from airflow.providers.google.cloud.transfers.gcs_to_bigquery import GCSToBigQueryOperator

with DAG("daily_orders", start_date=datetime(2026, 1, 1), schedule="@daily", catchup=False) as dag:
    copy = S3ToGCSOperator(task_id="copy", bucket="sample-shop-raw", prefix="orders/", dest_gcs="gs://sample-shop/orders/")
    load = GCSToBigQueryOperator(task_id="load", bucket="sample-shop", source_objects=["orders/*"], destination_project_dataset_table="shop.orders")
    copy >> load
